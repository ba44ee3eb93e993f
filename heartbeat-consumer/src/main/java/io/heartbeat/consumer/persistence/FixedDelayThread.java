package io.heartbeat.consumer.persistence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on a daemon thread of its own, again each {@code interval} after the last run ended: the schedule the
 * jobs beside the writer (the partition job, the rollup) share. The task must not throw, or its runs stop.
 */
public final class FixedDelayThread {

    private final String name;

    private final Runnable task;

    private final Duration interval;

    private ScheduledExecutorService scheduler;

    public FixedDelayThread(String name, Runnable task, Duration interval) {
        this.name = name;
        this.task = task;
        this.interval = interval;
    }

    /** Schedules the first run one interval from now. */
    public synchronized void start() {
        this.scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
            Thread thread = new Thread(runnable, this.name);
            thread.setDaemon(true);
            return thread;
        });
        long millis = this.interval.toMillis();
        this.scheduler.scheduleWithFixedDelay(this.task, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Interrupts a run in progress and schedules no other. */
    public synchronized void stop() {
        if (this.scheduler != null) {
            this.scheduler.shutdownNow();
            this.scheduler = null;
        }
    }

    public synchronized boolean isRunning() {
        return this.scheduler != null;
    }
}
