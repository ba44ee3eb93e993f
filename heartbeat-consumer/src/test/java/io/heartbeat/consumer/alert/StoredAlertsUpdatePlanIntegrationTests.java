package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;
import io.heartbeat.consumer.batch.DayBoundStatements;
import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.testsupport.QueryPlans;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan PostgreSQL makes for the update of the stored alerts a batch resolves (docs/consumer.md, "The write"),
 * bound by Recoveries itself, on a day partition whose statistics were taken while half its alerts were open, as a
 * young day's can be: each streak's alerts a probe of the open alerts' index, the partition never read whole, and no
 * day before the patients' open_since in the plan.
 */
class StoredAlertsUpdatePlanIntegrationTests {

    private static final String DAY = "p20260116";

    private static final Instant DAY_START = Instant.parse("2026-01-16T00:00:00Z");

    @Test
    void eachStreakProbesTheOpenAlertsOfItsPatient() throws SQLException {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        try (Connection connection = database.dataSource().getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT heartbeat_create_day_partitions(date '2026-01-15' + n) "
                        + "FROM generate_series(0, 2) n");
                statement.execute("ALTER TABLE heartbeat_alerts_" + DAY + " SET (autovacuum_enabled = false)");
                // 40 alerts of each of 1,000 patients, half of them open when the statistics are taken.
                statement.execute("""
                        INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                                anomaly_type)
                        SELECT md5(t || '/' || p)::uuid, timestamptz '2026-01-16 00:00:00+00' + t * interval '1 s',
                               'patient-' || p, 300, 'invalid_physiological', 'high_bpm'
                        FROM generate_series(0, 39) t, generate_series(1, 1000) p""");
                statement.execute("""
                        INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,
                                                      alert_category, resolved_flag, resolved_at, resolved_by)
                        SELECT id, timestamp, patient_id, heartbeat_value, 'physiological_anomaly', id % 2 = 0,
                               CASE WHEN id % 2 = 0 THEN timestamp END, CASE WHEN id % 2 = 0 THEN 'auto' END
                        FROM heartbeats""");
                statement.execute("ANALYZE heartbeat_alerts_" + DAY);
                // Then every alert before the last two seconds resolved: at most two a patient still open.
                statement.execute("""
                        UPDATE heartbeat_alerts SET resolved_flag = TRUE, resolved_at = timestamp, resolved_by = 'auto'
                        WHERE NOT resolved_flag AND timestamp < timestamptz '2026-01-16 00:00:38+00'""");
            }
            String plan = explainTheUpdate(connection, 300);
            assertThat(plan).contains("Index Scan using heartbeat_alerts_" + DAY + "_patient_id_timestamp_idx")
                    .doesNotContain("p20260115");
            // PostgreSQL 12 and 13 plan an update once for each partition, and from this estimate, 20 open alerts a
            // patient, join this one whole; 14 and later probe it by key.
            if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                assertThat(plan).contains("Index Scan using heartbeat_alerts_" + DAY + "_pkey")
                        .doesNotContain("Seq Scan on heartbeat_alerts_" + DAY);
            }
        }
    }

    // Bound by Recoveries: one streak for each of the first patients, from the 40th second on.
    private static String explainTheUpdate(Connection connection, int patients) throws SQLException {
        long streakMicros = EpochMicros.of(DAY_START.plusSeconds(40));
        Recoveries recoveries = new Recoveries(0, "auto");
        for (int p = 1; p <= patients; p++) {
            recoveries.resolveBefore("patient-" + p, EpochMicros.of(DAY_START), null,
                    new Recovery(new Position(streakMicros, Long.MAX_VALUE), streakMicros + 5_000_000));
        }
        try (PreparedStatement statement = DayBoundStatements.prepare(connection,
                "EXPLAIN (COSTS OFF) " + AlertResolutionSql.RESOLVE_BEFORE_STREAKS)) {
            recoveries.bindStoredRanges(statement);
            return QueryPlans.text(statement);
        }
    }
}
