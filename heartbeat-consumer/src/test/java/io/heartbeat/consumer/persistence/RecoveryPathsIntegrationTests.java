package io.heartbeat.consumer.persistence;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import io.heartbeat.consumer.alert.AlertAutoResolver;
import io.heartbeat.consumer.alert.AlertLifecycleSettings;
import io.heartbeat.consumer.alert.RecoveryOracle;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's one implementation of the automatic resolution ({@code AlertAutoResolver}) resolves the alerts that
 * the rule written as one SQL statement ({@link RecoveryOracle}) resolves, on both of the writer's paths: planned
 * before a COPY (its usual path) and after the statement that skips stored keys (its path for redeliveries and
 * refused values). Random histories, written batch by batch into three databases, one per path and one for the
 * oracle, with late readings, readings of the same time, several patients per batch and K from 1 to 5.
 */
class RecoveryPathsIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static final int SCENARIOS = 300;

    private final Random random = new Random(20261126L);

    private long offset;

    @Test
    void bothPathsResolveTheAlertsTheOracleResolvesAsOfTheSameTime() throws SQLException {
        TestPostgres.Database copied = TestPostgres.freshDatabase().migrate();
        TestPostgres.Database inserted = TestPostgres.freshDatabase().migrate();
        TestPostgres.Database oracle = TestPostgres.freshDatabase().migrate();
        int batches = 0;
        int duplicates = 0;
        for (int scenario = 0; scenario < SCENARIOS; scenario++) {
            AlertLifecycleSettings settings = new AlertLifecycleSettings(1 + this.random.nextInt(5));
            AlertAutoResolver resolver = new AlertAutoResolver(settings);
            HeartbeatBatchWriter toCopy = new HeartbeatBatchWriter(copied.dataSource(), resolver, List.of());
            HeartbeatBatchWriter toInsert = new HeartbeatBatchWriter(inserted.dataSource(), resolver, List.of());
            History history = new History("s" + scenario);
            for (int batch = 0; batch < 6; batch++) {
                List<HeartbeatRow> rows = history.nextBatch();
                toCopy.write(rows);
                // A key twice in one batch: COPY refuses it, so the writer inserts it skipping stored keys.
                List<HeartbeatRow> withRepeat = new ArrayList<>(rows);
                withRepeat.add(rows.get(this.random.nextInt(rows.size())));
                duplicates += toInsert.write(withRepeat).duplicates();
                batches++;
                writeForTheOracle(oracle.dataSource(), settings, rows);
            }
        }
        List<String> alerts = alerts(oracle.dataSource());
        assertThat(alerts(copied.dataSource())).isEqualTo(alerts);
        assertThat(alerts(inserted.dataSource())).isEqualTo(alerts);
        assertThat(duplicates).isEqualTo(batches);
        // Each patient's open_since (V12) at or before its every open alert: the resolution reads nothing before it.
        assertThat(openAlertsBeforeOpenSince(copied.dataSource())).isZero();
        assertThat(openAlertsBeforeOpenSince(inserted.dataSource())).isZero();
        // Not a comparison of nothing: both kinds of resolution happen, and many alerts stay open.
        assertThat(alerts).hasSizeGreaterThan(2_000);
        assertThat(alerts.stream().filter((alert) -> alert.endsWith(" open")).count()).isGreaterThan(200);
        assertThat(resolvedInTheirOwnBatch(copied.dataSource())).isGreaterThan(500);
        assertThat(resolvedInALaterBatch(copied.dataSource())).isGreaterThan(500);
    }

    // The rows and their alerts by the statement that skips stored keys, then the rule as one SQL statement.
    private static void writeForTheOracle(DataSource dataSource, AlertLifecycleSettings settings,
            List<HeartbeatRow> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(HeartbeatSql.INSERT_WITH_ALERTS)) {
                HeartbeatRowBinder.bind(statement, rows);
                try (ResultSet ignored = statement.executeQuery()) {
                    // The counts are the writer's business; the alerts are compared.
                }
            }
            RecoveryOracle.resolveRecovered(connection, rows, settings.resolveAfterValid(),
                    settings.automaticResolver());
            connection.commit();
        }
    }

    private static List<String> alerts(DataSource dataSource) {
        return new JdbcTemplate(dataSource).query("SELECT h.event_id, a.alert_category, a.resolved_flag,"
                + " a.resolved_at, a.resolved_by FROM heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id"
                + " ORDER BY h.event_id", (rs, n) -> rs.getString(1) + " " + rs.getString(2) + " "
                        + (rs.getBoolean(3) ? "resolved@" + rs.getString(4) + " by " + rs.getString(5) : "open"));
    }

    private static long openAlertsBeforeOpenSince(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM heartbeat_alerts a"
                + " LEFT JOIN heartbeat_alerts_open_since s USING (patient_id)"
                + " WHERE NOT a.resolved_flag AND (s.open_since IS NULL OR a.timestamp < s.open_since)", Long.class);
    }

    private static long resolvedInTheirOwnBatch(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM heartbeat_alerts WHERE resolved_flag"
                + " AND xmin = (SELECT xmin FROM heartbeats WHERE id = heartbeat_id)", Long.class);
    }

    private static long resolvedInALaterBatch(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM heartbeat_alerts WHERE resolved_flag"
                + " AND xmin <> (SELECT xmin FROM heartbeats WHERE id = heartbeat_id)", Long.class);
    }

    // One scenario's patients: readings mostly in time order, some late, some at the same microsecond.
    private final class History {

        private final String prefix;

        private final long[] clocks = new long[3];

        History(String prefix) {
            this.prefix = prefix;
        }

        List<HeartbeatRow> nextBatch() {
            List<HeartbeatRow> rows = new ArrayList<>();
            int size = 1 + random.nextInt(14);
            for (int i = 0; i < size; i++) {
                int patient = random.nextInt(this.clocks.length);
                rows.add(row(this.prefix + "-p" + patient, nextTime(patient)));
            }
            return rows;
        }

        private Instant nextTime(int patient) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                return T0.plusNanos(Math.max(0, this.clocks[patient] - random.nextInt(20_000_000) * 1_000L));
            }
            if (roll > 1) {
                this.clocks[patient] += 1_000_000_000L + random.nextInt(1_000_000_000);
            }
            return T0.plusNanos(this.clocks[patient]);
        }
    }

    private HeartbeatRow row(String patientId, Instant time) {
        int roll = this.random.nextInt(100);
        ClassifiedReading reading;
        if (roll < 3) {
            reading = new ClassifiedReading(null, HeartbeatClassifier.UNKNOWN_PATIENT, time, null,
                    ValidationStatus.CORRUPTED, AnomalyType.MALFORMED_JSON, "not json");
        }
        else if (roll < 13) {
            reading = new ClassifiedReading(UUID.randomUUID(), patientId, time, null, ValidationStatus.INVALID_SYSTEM,
                    AnomalyType.NULL_VALUE, "{}");
        }
        else if (roll < 35) {
            reading = new ClassifiedReading(UUID.randomUUID(), patientId, time, new BigDecimal("150"),
                    ValidationStatus.INVALID_PHYSIOLOGICAL, AnomalyType.HIGH_BPM, "{}");
        }
        else {
            reading = new ClassifiedReading(UUID.randomUUID(), patientId, time, new BigDecimal("72"),
                    ValidationStatus.VALID, null, null);
        }
        long next = this.offset++;
        UUID key = (reading.eventId() != null) ? reading.eventId()
                : UUID.nameUUIDFromBytes(("heartbeats/0/" + next).getBytes(StandardCharsets.UTF_8));
        return new HeartbeatRow("heartbeats", 0, next, key, reading, null);
    }
}
