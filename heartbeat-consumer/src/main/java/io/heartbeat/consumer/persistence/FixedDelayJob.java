package io.heartbeat.consumer.persistence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * A job beside the writer (the partition job, the rollup), run on a daemon thread of its own, again each
 * {@code interval} after the last run ended, from the application's start to its stop.
 */
public abstract class FixedDelayJob implements SmartLifecycle {

    private final String name;

    private final Duration interval;

    private ScheduledExecutorService scheduler;

    protected FixedDelayJob(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One run; it must not throw, or the runs stop. */
    protected abstract void run();

    /** Schedules the first run one interval from now. */
    @Override
    public synchronized void start() {
        this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, this.name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = this.interval.toMillis();
        this.scheduler.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Interrupts a run in progress and schedules no other. */
    @Override
    public synchronized void stop() {
        if (this.scheduler != null) {
            this.scheduler.shutdownNow();
            this.scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.scheduler != null;
    }
}
