package io.heartbeat.consumer.partition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition job on a real PostgreSQL, at fixed days far from today's: it creates day partitions ahead, a reading
 * whose day has none is stored in the DEFAULT partition and moved, with its alert, into the partition the job later
 * creates for it, retention drops exactly the expired days, and a user that does not own the tables changes nothing
 * and only warns.
 */
@ExtendWith(OutputCaptureExtension.class)
class PartitionMaintenanceIntegrationTests {

    private static final String PER_PARTITION = "SELECT p || ' ' || n FROM (SELECT tableoid::regclass::text AS p,"
            + " count(*) AS n FROM %s GROUP BY tableoid) c ORDER BY p";

    private TestPostgres.Database database;

    private JdbcTemplate jdbc;

    @BeforeEach
    void migrate() {
        this.database = TestPostgres.freshDatabase().migrate();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
    }

    @Test
    void createsDaysAheadAndMovesAReadingStoredInTheDefaultPartitionIntoItsDay(CapturedOutput output) {
        job(null, 2, "2030-06-10T12:00:00Z").run();
        assertThat(dayPartitions("heartbeats", "2030")).containsExactly("heartbeats_p20300610",
                "heartbeats_p20300611", "heartbeats_p20300612");
        assertThat(dayPartitions("heartbeat_alerts", "2030")).containsExactly("heartbeat_alerts_p20300610",
                "heartbeat_alerts_p20300611", "heartbeat_alerts_p20300612");

        long later = insert("2030-06-20T08:30:00.123456Z", "p-1", 250);
        long backlog = insert("2030-06-01T23:59:59.999999Z", "p-2", 20);
        long ancient = insert("1900-01-01T00:00:00Z", "p-3", 20);
        assertThat(places()).containsExactly(later + " heartbeats_default", backlog + " heartbeats_default",
                ancient + " heartbeats_default");
        List<String> readings = readings();

        job(null, 2, "2030-06-19T00:00:00Z").run();

        assertThat(places()).containsExactly(later + " heartbeats_p20300620", backlog + " heartbeats_p20300601",
                ancient + " heartbeats_default");
        assertThat(this.jdbc.queryForList("SELECT heartbeat_id || ' ' || tableoid::regclass FROM heartbeat_alerts"
                + " ORDER BY heartbeat_id", String.class)).containsExactly(later + " heartbeat_alerts_p20300620",
                        backlog + " heartbeat_alerts_p20300601", ancient + " heartbeat_alerts_default");
        assertThat(readings()).containsExactlyElementsOf(readings);
        assertThat(dayPartitions("heartbeats", "2030")).containsExactly("heartbeats_p20300601",
                "heartbeats_p20300610", "heartbeats_p20300611", "heartbeats_p20300612", "heartbeats_p20300619",
                "heartbeats_p20300620", "heartbeats_p20300621");
        // A second run finds nothing to do.
        job(null, 2, "2030-06-19T00:00:00Z").run();
        assertThat(dayPartitions("heartbeats", "2030")).hasSize(7);
        assertThat(output.getOut()).doesNotContain("Could not maintain");
    }

    @Test
    void retentionDropsExactlyTheExpiredDaysAndKeepsTheRest(CapturedOutput output) {
        job(null, 6, "2030-06-05T00:00:00Z").run();
        for (int day = 5; day <= 11; day++) {
            insert("2030-06-%02dT00:00:00Z".formatted(day), "p-1", 72);
            insert("2030-06-%02dT23:59:59.999999Z".formatted(day), "p-1", 20);
        }
        insert("1900-01-01T00:00:00Z", "p-3", 20);
        assertThat(rowsPerPartition("heartbeats")).containsExactly("heartbeats_default 1", "heartbeats_p20300605 2",
                "heartbeats_p20300606 2", "heartbeats_p20300607 2", "heartbeats_p20300608 2", "heartbeats_p20300609 2",
                "heartbeats_p20300610 2", "heartbeats_p20300611 2");
        assertThat(rowsPerPartition("heartbeat_alerts")).hasSize(8);
        this.jdbc.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Object.class);
        assertThat(this.jdbc.queryForList("SELECT count(*) FROM heartbeat_minutes", Long.class)).containsExactly(15L);
        assertThat(this.jdbc.queryForList("SELECT count(*) FROM heartbeat_five_minutes", Long.class))
            .containsExactly(15L);

        // Three whole days before 2030-06-10 are kept: the 7th, 8th and 9th.
        job(3, 1, "2030-06-10T23:00:00Z").run();

        // The rollup's minutes of the dropped days go too; the reading the DEFAULT partition keeps keeps its minute.
        assertThat(this.jdbc.queryForList("SELECT to_char(minute AT TIME ZONE 'UTC', 'YYYY DD HH24:MI') FROM"
                + " heartbeat_minutes ORDER BY minute", String.class)).containsExactly("1900 01 00:00",
                        "2030 07 00:00", "2030 07 23:59",
                        "2030 08 00:00", "2030 08 23:59", "2030 09 00:00", "2030 09 23:59", "2030 10 00:00",
                        "2030 10 23:59", "2030 11 00:00", "2030 11 23:59");
        assertThat(this.jdbc.queryForList("SELECT to_char(five_minutes AT TIME ZONE 'UTC', 'YYYY DD HH24:MI') FROM"
                + " heartbeat_five_minutes ORDER BY five_minutes", String.class)).containsExactly("1900 01 00:00",
                        "2030 07 00:00", "2030 07 23:55",
                        "2030 08 00:00", "2030 08 23:55", "2030 09 00:00", "2030 09 23:55", "2030 10 00:00",
                        "2030 10 23:55", "2030 11 00:00", "2030 11 23:55");

        assertThat(rowsPerPartition("heartbeats")).containsExactly("heartbeats_default 1", "heartbeats_p20300607 2",
                "heartbeats_p20300608 2", "heartbeats_p20300609 2", "heartbeats_p20300610 2", "heartbeats_p20300611 2");
        assertThat(rowsPerPartition("heartbeat_alerts")).containsExactly("heartbeat_alerts_default 1",
                "heartbeat_alerts_p20300607 1", "heartbeat_alerts_p20300608 1", "heartbeat_alerts_p20300609 1",
                "heartbeat_alerts_p20300610 1", "heartbeat_alerts_p20300611 1");
        assertThat(dayPartitions("heartbeats", "203006")).containsExactly("heartbeats_p20300607",
                "heartbeats_p20300608", "heartbeats_p20300609", "heartbeats_p20300610", "heartbeats_p20300611");
        assertThat(dayPartitions("heartbeat_alerts", "203006")).hasSize(5);
        assertThat(output.getOut()).doesNotContain("Could not maintain");
    }

    @Test
    void aUserThatDoesNotOwnTheTablesOnlyWarnsAndReadingsStillLandInTheDefaultPartition(CapturedOutput output) {
        String role = "writer_" + this.database.name();
        this.jdbc.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'writer'");
        this.jdbc.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
        this.jdbc.execute("GRANT SELECT, INSERT, DELETE ON heartbeats, heartbeat_alerts, heartbeats_default,"
                + " heartbeat_alerts_default TO " + role);
        TestPostgres.Database asWriter = new TestPostgres.Database(this.database.host(), this.database.port(),
                this.database.name(), role, "writer");
        PartitionMaintenance job = new PartitionMaintenance(asWriter.dataSource(),
                new PartitionSettings(null, 1, Duration.ofHours(1)), clock("2030-06-10T12:00:00Z"));

        job.run();

        assertThat(dayPartitions("heartbeats", "2030")).isEmpty();
        assertThat(output.getOut()).contains("Could not maintain the day partitions of heartbeats and"
                + " heartbeat_alerts: ERROR: must be owner of table heartbeats");
        long stored = insert("2030-06-10T12:00:00Z", "p-1", 72);
        assertThat(places()).containsExactly(stored + " heartbeats_default");
    }

    @Test
    void warnsOnceTheDaysKeptOutgrowPostgresLockTable(CapturedOutput output) {
        int locks = setting("max_locks_per_transaction");
        int connections = setting("max_connections") + setting("max_prepared_transactions");
        long fit = (long) locks * connections / PartitionMaintenance.LOCKS_PER_DAY;
        job(null, 0, "2030-06-10T12:00:00Z").run();
        createDaysFrom("2000-01-01", fit - daysKept());
        assertThat(daysKept()).isEqualTo(fit);

        job(null, 0, "2030-06-10T12:00:00Z").run();
        assertThat(output.getOut()).doesNotContain("lock table");

        createDaysFrom("1999-01-01", 1);
        job(null, 0, "2030-06-10T12:00:00Z").run();
        assertThat(output.getOut()).containsOnlyOnce("PostgreSQL's lock table (max_locks_per_transaction " + locks
                + " x " + connections + " connections) is too small for the " + (fit + 1) + " days kept: statements"
                + " over them can fail with 'out of shared memory'. Raise max_locks_per_transaction to at least "
                + ((fit + 1) * PartitionMaintenance.LOCKS_PER_DAY + connections - 1) / connections
                + ", or set RETENTION_DAYS (docs/consumer.md#partitions-and-retention)\n");
    }

    private int setting(String name) {
        return this.jdbc.queryForObject("SELECT current_setting(?)::int", Integer.class, name);
    }

    private long daysKept() {
        return this.jdbc.queryForObject("SELECT count(*) - 1 FROM pg_inherits WHERE inhparent = 'heartbeats'::regclass",
                Long.class);
    }

    private void createDaysFrom(String first, long days) {
        this.jdbc.queryForObject("SELECT count(*) FROM (SELECT heartbeat_create_day_partitions(?::date + n)"
                + " FROM generate_series(0, ?::int - 1) n) created", Long.class, first, days);
    }

    private PartitionMaintenance job(Integer retentionDays, int daysAhead, String now) {
        return new PartitionMaintenance(this.database.dataSource(),
                new PartitionSettings(retentionDays, daysAhead, Duration.ofHours(1)), clock(now));
    }

    private static Clock clock(String now) {
        return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    }

    // A reading, with an alert unless it is valid, as the writer stores them; returns its id.
    private long insert(String time, String patient, int value) {
        boolean valid = value >= 50 && value <= 120;
        long id = this.jdbc.queryForObject("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value,"
                + " validation_status, anomaly_type) VALUES (md5(random()::text)::uuid, ?::timestamptz, ?, ?, ?, ?)"
                + " RETURNING id", Long.class, time, patient, value, valid ? "valid" : "invalid_physiological",
                valid ? null : (value < 50) ? "bradycardia" : "tachycardia");
        if (!valid) {
            this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                    + " alert_category) SELECT id, timestamp, patient_id, heartbeat_value, 'physiological_anomaly'"
                    + " FROM heartbeats WHERE id = ?", id);
        }
        return id;
    }

    private List<String> rowsPerPartition(String table) {
        return this.jdbc.queryForList(PER_PARTITION.formatted(table), String.class);
    }

    private List<String> places() {
        return this.jdbc.queryForList("SELECT id || ' ' || tableoid::regclass FROM heartbeats ORDER BY id",
                String.class);
    }

    private List<String> readings() {
        return this.jdbc.queryForList("SELECT concat_ws('|', h.id, h.event_id, h.timestamp AT TIME ZONE 'UTC',"
                + " h.patient_id, h.heartbeat_value, h.validation_status, h.anomaly_type, h.created_at, a.alert_id,"
                + " a.created_at) FROM heartbeats h LEFT JOIN heartbeat_alerts a ON a.heartbeat_id = h.id"
                + " AND a.timestamp = h.timestamp ORDER BY h.id", String.class);
    }

    private List<String> dayPartitions(String table, String prefix) {
        return this.jdbc.queryForList("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = ?::regclass AND c.relname LIKE ? ORDER BY 1", String.class, table,
                table + "\\_p" + prefix + "%");
    }
}
