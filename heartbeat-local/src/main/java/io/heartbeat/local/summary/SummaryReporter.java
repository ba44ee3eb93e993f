package io.heartbeat.local.summary;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the summary line every interval, and a last one over the whole run when asked. Standard output is this
 * class's job: it is the launcher's user interface, not a log.
 */
public final class SummaryReporter implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SummaryReporter.class);

    private final PipelineProbe probe;

    private final SummaryLine line;

    private final PrintStream out;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "heartbeat-local-summary");
        thread.setDaemon(true);
        return thread;
    });

    private PipelineSnapshot first;

    private PipelineSnapshot previous;

    private boolean stopped;

    public SummaryReporter(PipelineProbe probe, SummaryLine line, PrintStream out) {
        this.probe = probe;
        this.line = line;
        this.out = out;
    }

    /** Takes the starting snapshot and prints a line every {@code interval} from now on. */
    public synchronized void start(Duration interval) {
        this.first = this.probe.snapshot();
        this.previous = this.first;
        long millis = interval.toMillis();
        this.scheduler.scheduleAtFixedRate(this::printInterval, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic lines and prints one over the whole run, with rates averaged since {@link #start}. */
    public synchronized void printFinal() {
        stopScheduler();
        if (this.first != null) {
            this.out.println(this.line.format("final", this.first, this.probe.snapshot()));
            this.out.flush();
        }
    }

    @Override
    public void close() {
        stopScheduler();
        this.probe.close();
    }

    private synchronized void printInterval() {
        if (this.stopped) {
            return;
        }
        try {
            PipelineSnapshot current = this.probe.snapshot();
            this.out.println(this.line.format(null, this.previous, current));
            this.out.flush();
            this.previous = current;
        }
        catch (RuntimeException ex) {
            // A failed line must not cancel the schedule: the next one may work.
            logger.warn("Could not print the summary line", ex);
        }
    }

    private synchronized void stopScheduler() {
        this.stopped = true;
        this.scheduler.shutdownNow();
    }
}
