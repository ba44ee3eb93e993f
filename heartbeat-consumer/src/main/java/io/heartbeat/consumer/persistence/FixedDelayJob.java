package io.heartbeat.consumer.persistence;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A job on the database beside the writer (the partition job, the rollup), in transactions of its own, run on a
 * daemon thread of its own, again each {@code interval} after the last run ended, from the application's start to its
 * stop.
 */
public abstract class FixedDelayJob implements SmartLifecycle {

    protected final JdbcClient jdbc;

    protected final TransactionTemplate transactions;

    private final String name;

    private final Duration interval;

    private ScheduledExecutorService scheduler;

    protected FixedDelayJob(String name, Duration interval, DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
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
