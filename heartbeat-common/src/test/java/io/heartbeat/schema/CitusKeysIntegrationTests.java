package io.heartbeat.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.testsupport.ProjectFiles;
import io.heartbeat.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * db/citus/keys.sql, the plain-PostgreSQL part of the Citus layout (docs/scaling.md, "Past one machine"), applied
 * to the schema migrations V1 to V3 build, which it is written for: it runs, and afterwards every key meets Citus's rule. The rule is checked
 * here as Citus states it (https://docs.citusdata.com/en/stable/develop/reference_ddl.html): primary keys and
 * unique constraints must include the distribution column, and a foreign key between co-located distributed
 * tables must include it on both sides. db/citus/distribute.sql itself needs the citus extension, which the
 * embedded server does not have: only what it names is checked.
 */
class CitusKeysIntegrationTests {

    private static final Pattern DISTRIBUTE = Pattern.compile(
            "create_distributed_table\\('(\\w+)', '(\\w+)'(?:, colocate_with => '(\\w+)')?\\)");

    private static JdbcTemplate database;

    @BeforeAll
    static void applyTheKeys() throws IOException {
        // keys.sql is written for V1 to V3; on the day partitions (V4) every key also needs timestamp, and the
        // per-day foreign keys patient_id: docs/scaling.md says so, and it is not folded in yet.
        TestPostgres.Database unpartitioned = TestPostgres.freshDatabase();
        Flyway.configure().configuration(unpartitioned.flyway().getConfiguration()).target("3").load().migrate();
        database = new JdbcTemplate(unpartitioned.dataSource());
        database.execute(Files.readString(ProjectFiles.resolve("db/citus/keys.sql")));
    }

    @Test
    void everyKeyHoldsPatientIdLast() {
        assertThat(database.queryForList("SELECT conrelid::regclass::text || ' ' || conname || ' '"
                + " || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('p', 'u', 'f')"
                + " AND conrelid::regclass::text IN ('heartbeats', 'heartbeat_alerts') ORDER BY 1", String.class))
            .containsExactly(
                    "heartbeat_alerts heartbeat_alerts_heartbeat_id_fkey FOREIGN KEY (heartbeat_id, patient_id)"
                            + " REFERENCES heartbeats(id, patient_id) ON DELETE CASCADE",
                    "heartbeat_alerts heartbeat_alerts_heartbeat_id_key UNIQUE (heartbeat_id, patient_id)",
                    "heartbeat_alerts heartbeat_alerts_pkey PRIMARY KEY (alert_id, patient_id)",
                    "heartbeats heartbeats_event_id_key UNIQUE (event_id, patient_id)",
                    "heartbeats heartbeats_pkey PRIMARY KEY (id, patient_id)");
    }

    @Test
    void everyUniqueAndForeignKeyOfADistributedTableHoldsItsDistributionColumn() throws IOException {
        List<String[]> distributed = distributedTables();
        assertThat(distributed).extracting((table) -> String.join(" ", table))
            .containsExactly("heartbeats patient_id null", "heartbeat_alerts patient_id heartbeats");

        for (String[] table : distributed) {
            // Citus refuses a NULL distribution column on insert; both tables' patient_id are NOT NULL.
            assertThat(database.queryForObject("SELECT attnotnull FROM pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attname = ?", Boolean.class, table[0], table[1])).as(table[0]).isTrue();
            List<String> keys = database.queryForList("SELECT conname FROM pg_constraint c"
                    + " WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'f') AND NOT EXISTS ("
                    + " SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
                    + " AND a.attname = ?)", String.class, table[0], table[1]);
            assertThat(keys).as(table[0] + ": keys without " + table[1]).isEmpty();
        }
        // The foreign key pairs patient_id with patient_id: a reading's alerts are on its shard.
        assertThat(database.queryForObject("SELECT count(*) FROM pg_constraint c,"
                + " unnest(c.conkey, c.confkey) AS k (own, referenced)"
                + " WHERE c.conname = 'heartbeat_alerts_heartbeat_id_fkey'"
                + " AND (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = k.own)"
                + " = 'patient_id'"
                + " AND (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = k.referenced)"
                + " = 'patient_id'", Integer.class)).isEqualTo(1);
    }

    /** What the per-patient delivery key costs: one event_id can be stored once for each patient. */
    @Test
    void oneEventIdIsUniquePerPatientOnly() {
        UUID eventId = UUID.randomUUID();
        insert(eventId, "patient-0001");
        insert(eventId, "patient-0002");

        assertThat(database.queryForObject("SELECT count(*) FROM heartbeats WHERE event_id = ?", Integer.class,
                eventId)).isEqualTo(2);
        // A redelivered record has its patient: it still lands on the key.
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> insert(eventId, "patient-0001"));
    }

    @Test
    void anAlertRefersToAReadingOfItsOwnPatient() {
        UUID eventId = UUID.randomUUID();
        insert(eventId, "patient-0003");
        long id = database.queryForObject("SELECT id FROM heartbeats WHERE event_id = ?", Long.class, eventId);

        database.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, alert_category)"
                + " VALUES (?, now(), 'patient-0003', 'physiological_anomaly')", id);

        assertThatExceptionOfType(DataIntegrityViolationException.class)
            .isThrownBy(() -> database.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id,"
                    + " alert_category) VALUES (?, now(), 'patient-0004', 'physiological_anomaly')", id))
            .withMessageContaining("heartbeat_alerts_heartbeat_id_fkey");
    }

    private static void insert(UUID eventId, String patient) {
        database.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status)"
                + " VALUES (?, now(), ?, 72, 'valid')", eventId, patient);
    }

    // The create_distributed_table calls of db/citus/distribute.sql: table, column, co-located with.
    private static List<String[]> distributedTables() throws IOException {
        Matcher calls = DISTRIBUTE.matcher(Files.readString(ProjectFiles.resolve("db/citus/distribute.sql")));
        return calls.results().map((call) -> new String[] { call.group(1), call.group(2), call.group(3) }).toList();
    }
}
