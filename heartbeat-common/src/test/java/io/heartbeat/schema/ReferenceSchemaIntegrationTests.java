package io.heartbeat.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.heartbeat.testsupport.ProjectFiles;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that db/schema.sql, the schema people read, is the schema the Flyway migrations build.
 */
class ReferenceSchemaIntegrationTests {

    private static final String TABLES = "('heartbeats', 'heartbeat_alerts', 'heartbeat_minutes',"
            + " 'heartbeat_five_minutes', 'heartbeat_minutes_progress', 'patient_alarms', 'patient_alarm_state',"
            + " 'heartbeat_alerts_open_since')";

    private static JdbcTemplate migrated;

    private static JdbcTemplate reference;

    @BeforeAll
    static void createBothSchemas() throws IOException {
        migrated = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        reference = new JdbcTemplate(TestPostgres.freshDatabase().dataSource());
        reference.execute(Files.readString(ProjectFiles.resolve("db/schema.sql")));
    }

    /** A table a later migration adds is compared too, or this test fails: TABLES names every one but Flyway's. */
    @Test
    void everyTableTheMigrationsMakeIsCompared() {
        String tables = "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                + " AND relkind IN ('r', 'p') AND NOT relispartition AND relname <> 'flyway_schema_history'";

        assertThat(rows(migrated, tables + " ORDER BY 1")).containsExactlyElementsOf(rows(migrated, tables
                + " AND relname IN " + TABLES + " ORDER BY 1")).hasSize(8);
        assertThat(rows(reference, tables + " ORDER BY 1")).containsExactlyElementsOf(rows(migrated, tables
                + " ORDER BY 1"));
    }

    @Test
    void columnsAgree() {
        String columns = "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,"
                + " column_default, is_identity, identity_generation FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name IN " + TABLES + " ORDER BY table_name, ordinal_position";

        List<String> expected = rows(reference, columns);

        assertThat(expected).hasSize(71);
        assertThat(rows(migrated, columns)).containsExactlyElementsOf(expected);
    }

    @Test
    void constraintsAgree() {
        // NOT NULL is compared with the columns. PostgreSQL 18 lists it here too, under generated names that differ
        // between the reference and the migrated schema (heartbeat_alerts_alert_id_not_null1), so it is left out.
        String constraints = "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid::regclass::text IN " + TABLES + " AND conparentid = 0 AND contype <> 'n'"
                + " ORDER BY 1, 2";

        List<String> expected = rows(reference, constraints);

        assertThat(expected).contains("heartbeats|heartbeats_event_id_key|UNIQUE (event_id, \"timestamp\")",
                "heartbeat_alerts|heartbeat_alerts_heartbeat_id_key|UNIQUE (heartbeat_id, \"timestamp\")");
        assertThat(expected).noneMatch((constraint) -> constraint.contains("FOREIGN KEY"));
        assertThat(rows(migrated, constraints)).containsExactlyElementsOf(expected);
    }

    @Test
    void eachDayOfAlertsReferencesTheSameDayOfReadings() {
        String foreignKeys = "SELECT conrelid::regclass::text, confrelid::regclass::text, pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'heartbeat_alerts_%'"
                + " ORDER BY 1";
        String day = "heartbeat_alerts_p" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);

        assertThat(rows(reference, foreignKeys)).containsExactly("heartbeat_alerts_default|heartbeats_default|"
                + "FOREIGN KEY (heartbeat_id, \"timestamp\") REFERENCES heartbeats_default(id, \"timestamp\")"
                + " ON DELETE CASCADE");
        reference.queryForObject("SELECT heartbeat_create_day_partitions((now() AT TIME ZONE 'UTC')::date)",
                Boolean.class);
        assertThat(rows(reference, foreignKeys)).containsExactly(
                "heartbeat_alerts_default|heartbeats_default|FOREIGN KEY (heartbeat_id, \"timestamp\")"
                        + " REFERENCES heartbeats_default(id, \"timestamp\") ON DELETE CASCADE",
                day + "|" + day.replace("heartbeat_alerts", "heartbeats") + "|FOREIGN KEY (heartbeat_id, \"timestamp\")"
                        + " REFERENCES " + day.replace("heartbeat_alerts", "heartbeats") + "(id, \"timestamp\")"
                        + " ON DELETE CASCADE");
        assertThat(rows(migrated, foreignKeys)).contains(rows(reference, foreignKeys).toArray(String[]::new));
    }

    @Test
    void indexesAgree() {
        String indexes = "SELECT tablename, indexname, indexdef FROM pg_indexes"
                + " WHERE schemaname = 'public' AND tablename IN " + TABLES + " ORDER BY 1, 2";

        List<String> expected = rows(reference, indexes);

        assertThat(expected).hasSize(19);
        assertThat(rows(migrated, indexes)).containsExactlyElementsOf(expected);
    }

    @Test
    void partitioningAgrees() {
        String keys = "SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_class c"
                + " WHERE c.relname IN " + TABLES + " AND c.relkind = 'p' ORDER BY 1";
        String defaults = "SELECT inhparent::regclass::text, inhrelid::regclass::text,"
                + " pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits JOIN pg_class c ON c.oid = inhrelid WHERE c.relname LIKE '%_default' ORDER BY 1";

        assertThat(rows(reference, keys)).containsExactly("heartbeat_alerts|RANGE (\"timestamp\")",
                "heartbeats|RANGE (\"timestamp\")");
        assertThat(rows(migrated, keys)).containsExactlyElementsOf(rows(reference, keys));
        assertThat(rows(reference, defaults)).containsExactly(
                "heartbeat_alerts|heartbeat_alerts_default|DEFAULT", "heartbeats|heartbeats_default|DEFAULT");
        assertThat(rows(migrated, defaults)).containsExactlyElementsOf(rows(reference, defaults));
    }

    @Test
    void partitionFunctionsAgree() {
        String functions = "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p"
                + " WHERE p.proname LIKE 'heartbeat\\_%partitions%' ORDER BY 1";

        List<String> expected = rows(reference, functions);

        assertThat(expected).hasSize(2);
        assertThat(rows(migrated, functions)).containsExactlyElementsOf(expected);
    }

    private static List<String> rows(JdbcTemplate jdbc, String sql) {
        return jdbc.query(sql, (rs, n) -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return row.toString();
        });
    }
}
