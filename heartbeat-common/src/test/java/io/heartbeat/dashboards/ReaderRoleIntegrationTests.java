package io.heartbeat.dashboards;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Grafana's role grafana_reader (afterMigrate__grafana_reader_role.sql) may read the tables the dashboards read
 * (heartbeats, heartbeat_alerts, the rollups heartbeat_minutes and heartbeat_five_minutes and the clinical alarms
 * patient_alarms) and nothing
 * else, not even the detector's state patient_alarm_state: Grafana runs any SQL a panel holds without checking it.
 */
class ReaderRoleIntegrationTests {

    /** PostgreSQL's SQLSTATE insufficient_privilege. */
    private static final String PERMISSION_DENIED = "42501";

    private static TestPostgres.Database database;

    private static JdbcTemplate owner;

    private static JdbcTemplate reader;

    @BeforeAll
    static void migrateAndSeedOneReading() {
        database = TestPostgres.freshDatabase().migrate();
        owner = new JdbcTemplate(database.dataSource());
        reader = new JdbcTemplate(GrafanaReader.dataSource(database));
        owner.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, raw_payload) VALUES (md5(random()::text)::uuid, now(), 'p-1', 130,"
                + " 'invalid_physiological', 'high_bpm', '{}')");
        owner.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                + " alert_category) SELECT id, timestamp, patient_id, heartbeat_value, 'physiological_anomaly'"
                + " FROM heartbeats");
        owner.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class);
        owner.update("INSERT INTO patient_alarms (patient_id, kind, started_at) VALUES ('p-1',"
                + " 'sustained_tachycardia', now())");
        owner.update("INSERT INTO patient_alarm_state (patient_id, kafka_partition, kafka_offset, event_id,"
                + " last_reading_at, run_length, valid_run) VALUES ('p-1', 0, 0, md5(random()::text)::uuid, now(),"
                + " 1, 0)");
    }

    @Test
    void readerSelectsTheDashboardsTables() {
        assertThat(reader.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isEqualTo(1);
        assertThat(reader.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isEqualTo(1);
        assertThat(reader.queryForObject("SELECT sum(readings) FROM heartbeat_minutes", Long.class)).isEqualTo(1);
        assertThat(reader.queryForObject("SELECT rate_sum::text FROM heartbeat_five_minutes", String.class))
            .isEqualTo("130");
        assertThat(reader.queryForObject("SELECT count(*) FROM patient_alarms", Long.class)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO heartbeats (event_id, timestamp, patient_id, validation_status, anomaly_type)"
                    + " VALUES (md5(random()::text)::uuid, now(), 'p-2', 'invalid_system', 'null_value')",
            "UPDATE heartbeats SET heartbeat_value = 70",
            "DELETE FROM heartbeats",
            "TRUNCATE heartbeats",
            "UPDATE heartbeat_alerts SET resolved_flag = true",
            "DELETE FROM heartbeat_alerts",
            "CREATE TABLE public.grafana_scratch (id int)",
            "CREATE SCHEMA grafana_scratch",
            "DROP TABLE heartbeat_alerts",
            "ALTER TABLE heartbeats ADD COLUMN note text",
            "CREATE INDEX grafana_scratch ON heartbeats (patient_id)",
            "DELETE FROM heartbeat_minutes",
            "DELETE FROM heartbeat_five_minutes",
            "UPDATE heartbeat_minutes_progress SET stored_from = now()",
            "SELECT * FROM heartbeat_minutes_progress",
            "SELECT heartbeat_minutes_refresh('-infinity', 'infinity')",
            "SELECT * FROM flyway_schema_history",
            "INSERT INTO patient_alarms (patient_id, kind, started_at) VALUES ('p-2', 'device_silent', now())",
            "UPDATE patient_alarms SET state = 'acknowledged', acknowledged_at = now(), acknowledged_by = 'grafana'",
            "DELETE FROM patient_alarms",
            "TRUNCATE patient_alarms",
            "SELECT * FROM patient_alarm_state",
            "UPDATE patient_alarm_state SET valid_run = 0",
            "DELETE FROM patient_alarm_state" })
    void readerMayDoNothingElse(String sql) {
        assertThatExceptionOfType(SQLException.class).isThrownBy(() -> runAsReader(sql))
            .extracting(SQLException::getSQLState)
            .isEqualTo(PERMISSION_DENIED);
        assertThat(owner.queryForObject("SELECT count(*) FROM heartbeats WHERE heartbeat_value = 130", Long.class))
            .isEqualTo(1);
        assertThat(owner.queryForList("SELECT patient_id || ':' || kind || ':' || state FROM patient_alarms",
                String.class)).containsExactly("p-1:sustained_tachycardia:open");
        assertThat(owner.queryForObject("SELECT count(*) FROM patient_alarm_state", Long.class)).isEqualTo(1);
    }

    @Test
    void readerHoldsExactlySelectOnTheDashboardsTables() {
        List<String> grants = owner.queryForList("SELECT table_name || ':' || privilege_type FROM"
                + " information_schema.role_table_grants WHERE grantee = 'grafana_reader' ORDER BY 1", String.class);

        assertThat(grants).containsExactly("heartbeat_alerts:SELECT", "heartbeat_five_minutes:SELECT",
            "heartbeat_minutes:SELECT", "heartbeats:SELECT", "patient_alarms:SELECT");
    }

    @Test
    void readerIsAPlainLogin() {
        Map<String, Object> role = owner.queryForMap("SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb,"
                + " rolreplication, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = 'grafana_reader'");

        assertThat(role).containsEntry("rolcanlogin", true)
            .containsEntry("rolsuper", false)
            .containsEntry("rolcreaterole", false)
            .containsEntry("rolcreatedb", false)
            .containsEntry("rolreplication", false)
            .containsEntry("rolbypassrls", false);
        assertThat(owner.queryForObject("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
                + " WHERE r.rolname = 'grafana_reader'", Long.class)).isZero();
    }

    @Test
    void ownerWithoutCreateRoleMigratesOnceTheRoleExists() {
        // The role is cluster-wide and exists already (this class's own migration created it), as after a DBA's
        // CREATE ROLE: a database owner without CREATEROLE then only grants.
        String name = "heartbeat_owner_" + ProcessHandle.current().pid();
        TestPostgres.Database admin = TestPostgres.freshDatabase();
        JdbcTemplate superuser = new JdbcTemplate(admin.dataSource());
        superuser.execute("CREATE ROLE " + name + " LOGIN NOCREATEROLE PASSWORD 'owner_test'");
        superuser.execute("CREATE DATABASE " + name + " OWNER " + name);
        TestPostgres.Database owned = new TestPostgres.Database(admin.host(), admin.port(), name, name, "owner_test");

        owned.migrate();

        JdbcTemplate ownedReader = new JdbcTemplate(GrafanaReader.dataSource(owned));
        assertThat(ownedReader.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isZero();
        assertThatExceptionOfType(SQLException.class)
            .isThrownBy(() -> execute(GrafanaReader.dataSource(owned).getConnection(), "DELETE FROM heartbeats"))
            .extracting(SQLException::getSQLState)
            .isEqualTo(PERMISSION_DENIED);
    }

    @Test
    void anotherPasswordDoesNotFailValidation() {
        // Flyway checksums a migration before placeholders are replaced: a changed GRAFANA_READER_PASSWORD must
        // not stop the consumer's start-up.
        Flyway flyway = Flyway.configure()
            .dataSource(database.dataSource())
            .locations("classpath:db/migration")
            .placeholders(Map.of("grafana_reader_password", "another password"))
            .load();

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    private static void runAsReader(String sql) throws SQLException {
        execute(GrafanaReader.dataSource(database).getConnection(), sql);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
