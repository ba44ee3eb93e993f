package io.heartbeat.local.summary;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.heartbeat.local.summary.PipelineSnapshot.StoredRows;
import io.heartbeat.local.summary.PipelineSnapshot.TopicProgress;
import io.heartbeat.validation.ValidationStatus;

/**
 * Formats the launcher's one-line progress report from two snapshots, e.g.
 * {@code 12:00:05 produced 10.0/s stored 9.8/s | valid=812 invalid_physiological=61 invalid_system=60
 * corrupted=67 | alerts=188 | lag=2}. Values that could not be read show as {@code ?}.
 */
public final class SummaryLine {

    private static final String UNKNOWN = "?";

    private final DateTimeFormatter time;

    public SummaryLine(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
    }

    /** The line for the interval from {@code previous} to {@code current}; rates are per second over it. */
    public String format(String label, PipelineSnapshot previous, PipelineSnapshot current) {
        double seconds = Duration.between(previous.takenAt(), current.takenAt()).toMillis() / 1000.0;
        StringBuilder line = new StringBuilder(160).append(this.time.format(current.takenAt()));
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
