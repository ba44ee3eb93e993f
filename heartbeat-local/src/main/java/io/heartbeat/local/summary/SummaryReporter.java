package io.heartbeat.local.summary;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.heartbeat.local.summary.PipelineSnapshot.StoredRows;
import io.heartbeat.local.summary.PipelineSnapshot.TopicProgress;
import io.heartbeat.validation.ValidationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the summary line (docs/local-mode.md, "What it prints") every interval, and a last one over the whole run
 * when closed. Standard output is this class's job: it is the launcher's user interface, not a log.
 */
public final class SummaryReporter implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SummaryReporter.class);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private static final String UNKNOWN = "?";

    private final PipelineProbe probe;

    private final ZoneId zone = ZoneId.systemDefault();

    private final PrintStream out;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "heartbeat-local-summary");
        thread.setDaemon(true);
        return thread;
    });

    private PipelineSnapshot first;

    private PipelineSnapshot previous;

    private boolean stopped;

    public SummaryReporter(PipelineProbe probe, PrintStream out) {
        this.probe = probe;
        this.out = out;
    }

    /** Takes the starting snapshot and prints a line every {@code interval} from now on. */
    public synchronized void start(Duration interval) {
        this.first = this.probe.snapshot();
        this.previous = this.first;
        long millis = interval.toMillis();
        this.scheduler.scheduleAtFixedRate(this::printInterval, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic lines, prints one over the whole run, with rates averaged since {@link #start}. */
    @Override
    public synchronized void close() {
        this.stopped = true;
        this.scheduler.shutdownNow();
        if (this.first != null) {
            this.out.println(format(this.zone, "final", this.first, this.probe.snapshot()));
            this.out.flush();
        }
        this.probe.close();
    }

    /** The line for the interval from {@code previous} to {@code current}; rates are per second over it. */
    static String format(ZoneId zone, String label, PipelineSnapshot previous, PipelineSnapshot current) {
        double seconds = Duration.between(previous.takenAt(), current.takenAt()).toMillis() / 1000.0;
        StringBuilder line = new StringBuilder(160).append(TIME.withZone(zone).format(current.takenAt()));
        if (label != null) {
            line.append(' ').append(label);
        }
        line.append(" produced ").append(rate(produced(previous), produced(current), seconds))
                .append(" stored ").append(rate(stored(previous), stored(current), seconds))
                .append(" |");
        StoredRows rows = current.database();
        for (ValidationStatus status : ValidationStatus.values()) {
            line.append(' ').append(status.dbValue()).append('=')
                    .append((rows != null) ? String.valueOf(rows.byStatus().get(status)) : UNKNOWN);
        }
        line.append(" | alerts=").append((rows != null) ? String.valueOf(rows.alerts()) : UNKNOWN);
        TopicProgress topic = current.topic();
        line.append(" | lag=").append((topic != null) ? String.valueOf(topic.lag()) : UNKNOWN);
        return line.toString();
    }

    private synchronized void printInterval() {
        if (this.stopped) {
            return;
        }
        try {
            PipelineSnapshot current = this.probe.snapshot();
            this.out.println(format(this.zone, null, this.previous, current));
            this.out.flush();
            this.previous = current;
        }
        catch (RuntimeException ex) {
            // A failed line must not cancel the schedule: the next one may work.
            logger.warn("Could not print the summary line", ex);
        }
    }

    private static String rate(Long before, Long after, double seconds) {
        if (before == null || after == null || seconds <= 0) {
            return UNKNOWN + "/s";
        }
        return String.format(Locale.ROOT, "%.1f/s", (after - before) / seconds);
    }

    private static Long produced(PipelineSnapshot snapshot) {
        return (snapshot.topic() != null) ? snapshot.topic().endOffsets() : null;
    }

    private static Long stored(PipelineSnapshot snapshot) {
        return (snapshot.database() != null) ? snapshot.database().total() : null;
    }
}
