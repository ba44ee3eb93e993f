package io.heartbeat.consumer.startup;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One consumer start, from the moment {@code java} was launched: when its log said the JVM had reached
 * {@code main} ("Starting ConsumerApplication"), when Spring was ready ("Started ConsumerApplication"), when the
 * group gave it its partitions ("partitions assigned"), and when PostgreSQL stored its first row.
 *
 * @param main launch to the first line of the application's log
 * @param ready launch to Spring's "Started" line (context refreshed, listener and web server started)
 * @param assigned launch to the listener's partitions assigned
 * @param firstRow launch to the {@code created_at} of the first row the process stored
 * @param cpu processor time the process had used when the benchmark saw that row: unlike the wall-clock marks, it
 *     hardly depends on what else the machine runs
 */
record StartTimeline(Duration main, Duration ready, Duration assigned, Duration firstRow, Duration cpu) {

    // general.log's pattern (logback-spring.xml): an ISO timestamp with offset, then the level.
    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\S+) +\\w+ .*$", Pattern.MULTILINE);

    /**
     * Reads the three marks from the service's {@code general.log} text; empty while any of them is missing.
     */
    static Optional<StartTimeline> of(Instant launched, String log, Instant firstRow, Duration cpu) {
        Optional<Instant> main = firstLine(log, "Starting ConsumerApplication");
        Optional<Instant> ready = firstLine(log, "Started ConsumerApplication");
        Optional<Instant> assigned = firstLine(log, ": partitions assigned: [");
        if (main.isEmpty() || ready.isEmpty() || assigned.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StartTimeline(Duration.between(launched, main.get()),
                Duration.between(launched, ready.get()), Duration.between(launched, assigned.get()),
                Duration.between(launched, firstRow), cpu));
    }

    // The time of the first line holding the text.
    private static Optional<Instant> firstLine(String log, String text) {
        Matcher line = LINE.matcher(log);
        while (line.find()) {
            // An empty assignment (a group still forming) does not count.
            if (line.group().contains(text) && !line.group().contains(text + "]")) {
                return Optional.of(OffsetDateTime.parse(line.group(1)).toInstant());
            }
        }
        return Optional.empty();
    }
}
