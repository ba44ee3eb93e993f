package io.heartbeat.producer.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.heartbeat.producer.generator.HeartbeatGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Generates and publishes readings at a steady rate until stopped or the event limit (docs/producer.md, "What it
 * generates"); its default phase, the highest, has it stop and flush before the Kafka producer closes ("Shutdown").
 */
public class ProductionSchedule implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ProductionSchedule.class);

    // Long enough for a tick blocked on a full send buffer (max.block.ms) to give up.
    private static final Duration TICK_STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final HeartbeatGenerator generator;

    private final HeartbeatPublisher publisher;

    private final double eventsPerSecond;

    private final long eventLimit;

    private final Duration tickInterval;

    private final Clock clock;

    private volatile boolean running;

    private volatile long handedOver;

    private ScheduledExecutorService ticker;

    private Instant startTime;

    private long startNanos;

    /** {@code eventsPerSecond} over all patients; {@code eventLimit} {@code Long.MAX_VALUE} for none. */
    public ProductionSchedule(HeartbeatGenerator generator, HeartbeatPublisher publisher, double eventsPerSecond,
            long eventLimit, Duration tickInterval, Clock clock) {
        this.generator = generator;
        this.publisher = publisher;
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be a positive number, was " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.eventLimit = eventLimit;
        this.tickInterval = tickInterval;
        this.clock = clock;
    }

    @Override
    public void start() {
        logger.info("Producing heartbeats for {} patients at {} events/s, {}; seed {} (PRODUCER_SEED={} replays it)",
                this.generator.settings().customerCount(), this.eventsPerSecond,
                (this.eventLimit == Long.MAX_VALUE) ? "without limit" : "up to " + this.eventLimit + " events",
                this.generator.seed(), this.generator.seed());
        this.startTime = this.clock.instant();
        this.startNanos = System.nanoTime();
        this.running = true;
        this.ticker = Executors.newSingleThreadScheduledExecutor(ProductionSchedule::productionThread);
        this.ticker.scheduleAtFixedRate(this::tick, 0, this.tickInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            long due = Math.min(this.eventLimit, dueBy(this.eventsPerSecond, System.nanoTime() - this.startNanos));
            long next = this.handedOver;
            // Checked per event, so a stop does not wait for a large backlog to be sent.
            while (next < due && this.running) {
                Instant dueAt = this.startTime.plusNanos(offsetNanos(this.eventsPerSecond, next));
                this.publisher.publish(this.generator.next(dueAt));
                this.handedOver = ++next;
            }
            if (next == this.eventLimit) {
                this.ticker.shutdown();
                this.publisher.flush();
                logger.info("All {} heartbeats handed to Kafka and flushed; idle until shut down", next);
            }
        }
        catch (RuntimeException ex) {
            this.ticker.shutdown();
            logger.error("Heartbeat generation failed after {} heartbeats; generating no more", this.handedOver, ex);
        }
    }

    /** How many events are due once {@code elapsedNanos} have passed; event 0 is due at the start. */
    static long dueBy(double eventsPerSecond, long elapsedNanos) {
        return (long) (elapsedNanos * eventsPerSecond / NANOS_PER_SECOND) + 1;
    }

    /** When event {@code n} is due, in nanoseconds after the start. */
    static long offsetNanos(double eventsPerSecond, long n) {
        return (long) (n * NANOS_PER_SECOND / eventsPerSecond);
    }

    /** Stops generating, waits for the tick in progress, then flushes what was handed to Kafka. */
    @Override
    public void stop() {
        this.running = false;
        this.ticker.shutdown();
        try {
            if (!this.ticker.awaitTermination(TICK_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                logger.warn("Heartbeat generation did not stop within {}", TICK_STOP_TIMEOUT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.publisher.flush();
        logger.info("Stopped producing after {} heartbeats; all handed to Kafka are flushed: {} acknowledged,"
                + " {} failed", this.handedOver, this.publisher.acknowledged(), this.publisher.failed());
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    // A daemon: the application context, not this thread, decides when the JVM may exit.
    private static Thread productionThread(Runnable task) {
        Thread thread = new Thread(task, "heartbeat-production");
        thread.setDaemon(true);
        return thread;
    }

    /** How many readings have been handed to the Kafka producer so far. */
    public long handedOver() {
        return this.handedOver;
    }
}
