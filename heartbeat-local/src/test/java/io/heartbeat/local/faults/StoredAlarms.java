package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The clinical alarms a fault test's consumers opened and ended, and those one consumer that nothing disturbed makes
 * of the same records: through kills, redeliveries and rebalances the two must be the same (issue 20).
 */
final class StoredAlarms {

    /**
     * The consumers' alarm setting in these tests: two out-of-range readings of a kind in a row open an alarm, so
     * the random mix opens and ends dozens in a short run.
     */
    static final String OPEN_AFTER = "2";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private StoredAlarms() {
    }

    /** Every alarm of {@code database}, one line each, in patient, kind and start order. */
    static List<String> of(TestPostgres.Database database) {
        return new JdbcTemplate(database.dataSource()).queryForList("SELECT concat_ws(' ', patient_id, kind,"
                + " started_at, ended_at, state, resolved_at, resolved_by) FROM patient_alarms"
                + " ORDER BY patient_id, kind, started_at", String.class);
    }

    /**
     * The alarms one consumer jar, alone in a group of its own and never disturbed, makes of every record of
     * {@code topic}, stored into a database of its own.
     */
    static List<String> ofAnUndisturbedConsumer(Path workDir, FaultKafka kafka, String topic) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        String group = topic + "-undisturbed";
        ConsumerProcesses consumers = new ConsumerProcesses(workDir, kafka.endpoints(database, topic, group),
                Map.of("ALARM_OPEN_AFTER", OPEN_AFTER));
        try (ServiceProcess consumer = consumers.start("undisturbed")) {
            consumer.awaitHealthy(PATIENCE);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.consumedEverything(group, topic));
            consumer.terminate();
        }
        return of(database);
    }
}
