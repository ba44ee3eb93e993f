package io.heartbeat.consumer.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.alert.AlertAutoResolver;
import io.heartbeat.consumer.alert.AlertLifecycleSettings;
import io.heartbeat.consumer.batch.DayBoundStatements;
import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.testsupport.QueryPlans;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans PostgreSQL makes for a batch's look-ups by delivery key (docs/consumer.md, "The write"), bound by the
 * writer's own code, on a day partition without statistics, as a young day's is: each key a probe of the unique
 * index of the batch's day, and no other day in the plan. A thousand readings share each time there, as a thousand
 * patients' readings of one tick do; bounded by the batch's first and last time, with the time an equality, both
 * look-ups read the {@code timestamp} index along all of them.
 */
class DeliveryKeyLookupPlansIntegrationTests {

    private static final String DAY = "p20260116";

    private static TestPostgres.Database database;

    // A batch: the readings stored at one time of the day.
    private static List<HeartbeatRow> batch;

    @BeforeAll
    static void aDayOfReadingsWithoutStatistics() throws SQLException {
        database = TestPostgres.freshDatabase().migrate();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT heartbeat_create_day_partitions(date '2026-01-15' + n) "
                    + "FROM generate_series(0, 2) n");
            statement.execute("ALTER TABLE heartbeats_" + DAY + " SET (autovacuum_enabled = false)");
            statement.execute("""
                    INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                            anomaly_type)
                    SELECT md5(t || '/' || p)::uuid, timestamptz '2026-01-16 12:00:00+00' + t * interval '40 ms',
                           'patient-' || p, 300, 'invalid_physiological', 'high_bpm'
                    FROM generate_series(0, 99) t, generate_series(1, 1000) p""");
            batch = new ArrayList<>();
            try (ResultSet stored = statement.executeQuery("""
                    SELECT event_id, timestamp, patient_id, heartbeat_value FROM heartbeats
                    WHERE timestamp = timestamptz '2026-01-16 12:00:01.96+00' ORDER BY patient_id LIMIT 500""")) {
                while (stored.next()) {
                    UUID key = stored.getObject(1, UUID.class);
                    Instant time = stored.getObject(2, OffsetDateTime.class).toInstant();
                    batch.add(new HeartbeatRow("heartbeats", 0, batch.size(), key, new ClassifiedReading(key,
                            stored.getString(3), time, stored.getBigDecimal(4), ValidationStatus.INVALID_PHYSIOLOGICAL,
                            AnomalyType.HIGH_BPM, null), null));
                }
            }
            try (ResultSet analysed = statement.executeQuery("SELECT coalesce(last_analyze, last_autoanalyze) "
                    + "FROM pg_stat_user_tables WHERE relname = 'heartbeats_" + DAY + "'")) {
                assertThat(analysed.next()).isTrue();
                assertThat(analysed.getObject(1)).isNull();
            }
        }
        assertThat(batch).hasSize(500);
    }

    @Test
    void theAlertsOfCopiedRowsProbeTheUniqueIndexOfTheirDayOnly() throws SQLException {
        String plan = explain(HeartbeatSql.INSERT_ALERTS_OF_COPIED, (statement) -> HeartbeatCopyInsert.encode(batch)
                .bindAlerts(statement, new AlertAutoResolver(AlertLifecycleSettings.DEFAULT)
                        .planRecoveries(statement.getConnection(), batch)));
        assertThat(plan).contains("Index Scan using heartbeats_" + DAY + "_event_id_timestamp_key")
                .doesNotContain("timestamp_idx", "p20260115", "p20260117", "heartbeats_default");
    }

    @Test
    void theConflictLookupProbesTheUniqueIndexOfItsDayOnly() throws SQLException {
        String plan = explain(HeartbeatSql.CONFLICTING,
                (statement) -> HeartbeatInsert.bindConflicting(statement, batch));
        assertThat(plan).contains("Index Scan using heartbeats_" + DAY + "_event_id_timestamp_key")
                .doesNotContain("timestamp_idx", "p20260115", "p20260117", "heartbeats_default");
    }

    @Test
    void theBoundsAreTheStartsOfUtcDays() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz")) {
            long lastOfADay = EpochMicros.of(Instant.parse("2026-01-16T23:59:59.999999Z"));
            long before1970 = EpochMicros.of(Instant.parse("1969-12-31T12:00:00Z"));
            DayBoundStatements.setDayStart(statement, 1, lastOfADay);
            DayBoundStatements.setDayEnd(statement, 2, lastOfADay);
            DayBoundStatements.setDayStart(statement, 3, before1970);
            DayBoundStatements.setDayEnd(statement, 4, before1970);
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                assertThat(List.of(1, 2, 3, 4)).map((column) -> instant(result, column)).containsExactly(
                        Instant.parse("2026-01-16T00:00:00Z"), Instant.parse("2026-01-17T00:00:00Z"),
                        Instant.parse("1969-12-31T00:00:00Z"), Instant.parse("1970-01-01T00:00:00Z"));
            }
        }
    }

    private static String explain(String sql, Binding binding) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = DayBoundStatements.prepare(connection, "EXPLAIN (COSTS OFF) " + sql)) {
            binding.bind(statement);
            return QueryPlans.text(statement);
        }
    }

    private static Instant instant(ResultSet result, int column) {
        try {
            return result.getObject(column, OffsetDateTime.class).toInstant();
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @FunctionalInterface
    private interface Binding {

        void bind(PreparedStatement statement) throws SQLException;
    }
}
