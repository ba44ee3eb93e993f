package io.heartbeat.consumer.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BoundedHealthIndicatorTests {

    @Test
    void answersDownWithinItsBoundWhileTheCheckHangsAndStartsNoSecondCheck() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger checks = new AtomicInteger();
        BoundedHealthIndicator indicator = new BoundedHealthIndicator(() -> {
            checks.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return Health.up().build();
        }, Duration.ofMillis(300), "test-health");
        try {
            long start = System.nanoTime();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getDetails()).containsEntry("error", "no answer within 300 ms");
            // The second and third requests waited for what remained of the first one's bound, not a bound each.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            assertThat(checks).hasValue(1);

            // Once the hung check ends, the next request starts a new one, which answers at once.
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getStatus() == Status.UP);
            assertThat(checks).hasValue(2);
        }
        finally {
            indicator.destroy();
        }
    }

    @Test
    void aFailingCheckIsDown() {
        BoundedHealthIndicator indicator = new BoundedHealthIndicator(() -> {
            throw new IllegalStateException("no connection");
        }, Duration.ofSeconds(1), "test-health");
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("error", "java.lang.IllegalStateException: no connection");
        }
        finally {
            indicator.destroy();
        }
    }
}
