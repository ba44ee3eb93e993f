package io.heartbeat.schema;

import java.io.IOException;
import java.nio.file.Files;
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
            + " 'heartbeat_minutes_progress')";

    private static JdbcTemplate migrated;

    private static JdbcTemplate reference;

    @BeforeAll
    static void createBothSchemas() throws IOException {
        migrated = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        reference = new JdbcTemplate(TestPostgres.freshDatabase().dataSource());
        reference.execute(Files.readString(ProjectFiles.resolve("db/schema.sql")));
    }

    @Test
    void columnsAgree() {
        String columns = "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,"
                + " column_default, is_identity, identity_generation FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name IN " + TABLES + " ORDER BY table_name, ordinal_position";

        List<String> expected = rows(reference, columns);

        assertThat(expected).hasSize(39);
        assertThat(rows(migrated, columns)).containsExactlyElementsOf(expected);
    }

    @Test
    void constraintsAgree() {
        String constraints = "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid::regclass::text IN " + TABLES + " ORDER BY 1, 2";

        List<String> expected = rows(reference, constraints);

        assertThat(expected).contains("heartbeats|heartbeats_event_id_key|UNIQUE (event_id)",
                "heartbeat_alerts|heartbeat_alerts_heartbeat_id_key|UNIQUE (heartbeat_id)");
        assertThat(rows(migrated, constraints)).containsExactlyElementsOf(expected);
    }

    @Test
    void indexesAgree() {
        String indexes = "SELECT tablename, indexname, indexdef FROM pg_indexes"
                + " WHERE schemaname = 'public' AND tablename IN " + TABLES + " ORDER BY 1, 2";

        List<String> expected = rows(reference, indexes);

        assertThat(expected).hasSize(12);
        assertThat(rows(migrated, indexes)).containsExactlyElementsOf(expected);
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
