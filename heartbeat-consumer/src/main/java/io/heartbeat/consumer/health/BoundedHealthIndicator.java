package io.heartbeat.consumer.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A health indicator that answers within a bound, one check at a time (docs/consumer.md, "Metrics and health").
 */
class BoundedHealthIndicator implements HealthIndicator, DisposableBean {

    private final HealthIndicator delegate;

    private final Duration timeout;

    private final ExecutorService executor;

    private CompletableFuture<Health> check;

    private long checkStartedNanos;

    BoundedHealthIndicator(HealthIndicator delegate, Duration timeout, String threadName) {
        this.delegate = delegate;
        this.timeout = timeout;
        this.executor = Executors.newSingleThreadExecutor((task) -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Health health() {
        CompletableFuture<Health> current;
        long startedNanos;
        synchronized (this) {
            if (this.check == null || this.check.isDone()) {
                this.check = CompletableFuture.supplyAsync(this.delegate::health, this.executor);
                this.checkStartedNanos = System.nanoTime();
            }
            current = this.check;
            startedNanos = this.checkStartedNanos;
        }
        long remainingNanos = this.timeout.toNanos() - (System.nanoTime() - startedNanos);
        try {
            return current.get(Math.max(remainingNanos, 0), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            return Health.down().withDetail("error", "no answer within " + this.timeout.toMillis() + " ms").build();
        }
        catch (ExecutionException ex) {
            return Health.down(ex.getCause()).build();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Health.down(ex).build();
        }
    }

    @Override
    public void destroy() {
        this.executor.shutdownNow();
    }
}
