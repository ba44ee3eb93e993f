package io.heartbeat.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * db/citus/distribute.sql held to the schema it distributes, once db/citus/keys.sql has run on today's migrations:
 * it names every table, and each table it distributes meets Citus's rule on every partition
 * (https://docs.citusdata.com/en/stable/develop/reference_ddl.html): primary keys and unique constraints include
 * the distribution column, and a foreign key between co-located distributed tables includes it on both sides.
 * distribute.sql itself needs the citus extension, which the embedded server does not have: only what it names is
 * checked here.
 */
class CitusDistributeIntegrationTests {

    private static final Pattern DISTRIBUTED = Pattern.compile(
            "create_distributed_table\\('(\\w+)', '(\\w+)'(?:, colocate_with => '(\\w+)')?\\)");

    private static final Pattern REFERENCE = Pattern.compile("create_reference_table\\('(\\w+)'\\)");

    private static JdbcTemplate database;

    @BeforeAll
    static void applyTheKeys() {
        database = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        CitusScripts.runKeys(database);
    }

    @Test
    void everyTableIsDistributedOrAReferenceTableButFlywaysHistory() {
        assertThat(distributed()).containsExactly("heartbeats patient_id null",
                "heartbeat_alerts patient_id heartbeats", "heartbeat_alerts_open_since patient_id heartbeats",
                "heartbeat_minutes patient_id heartbeats",
                "heartbeat_five_minutes patient_id heartbeats",
                "patient_alarms patient_id heartbeats", "patient_alarm_state patient_id heartbeats");
        assertThat(reference()).containsExactly("heartbeat_minutes_progress");

        List<String> named = new ArrayList<>(reference());
        distributed().forEach((table) -> named.add(table.split(" ")[0]));
        // Flyway's own table stays a local table of the coordinator, where the consumer migrates.
        named.add("flyway_schema_history");
        assertThat(database.queryForList("SELECT relname::text FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition",
                String.class))
            .containsExactlyInAnyOrderElementsOf(named);
    }

    @Test
    void everyKeyOfADistributedTableAndOfEachOfItsPartitionsHoldsTheDistributionColumn() {
        for (String table : distributed()) {
            String name = table.split(" ")[0];
            String column = table.split(" ")[1];
            // Citus refuses a NULL distribution column on insert.
            assertThat(database.queryForObject("SELECT attnotnull FROM pg_attribute WHERE attrelid = ?::regclass"
                    + " AND attname = ?", Boolean.class, name, column)).as(name).isTrue();
            List<String> keys = database.queryForList("SELECT c.conrelid::regclass || ' ' || c.conname"
                    + " FROM pg_partition_tree(?::regclass) t JOIN pg_constraint c ON c.conrelid = t.relid"
                    + " WHERE c.contype IN ('p', 'u', 'f') AND NOT EXISTS (SELECT 1 FROM pg_attribute a"
                    + " WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND a.attname = ?)",
                    String.class, name, column);
            assertThat(keys).as(name + ": keys without " + column).isEmpty();
        }
    }

    /** The three per-day foreign keys a fresh database has: the DEFAULT partitions', today's and tomorrow's. */
    @Test
    void everyForeignKeyPairsPatientIdWithPatientIdBetweenColocatedTables() {
        String pairs = " FROM pg_constraint c JOIN pg_class own ON own.oid = c.conrelid"
                + " JOIN pg_class referenced ON referenced.oid = c.confrelid WHERE c.contype = 'f'";
        assertThat(database.queryForObject("SELECT count(*)" + pairs, Integer.class)).isEqualTo(3);
        // Each pairs the alerts' patient_id with the readings' patient_id, from a partition of heartbeat_alerts to
        // one of heartbeats, which distribute.sql co-locates.
        assertThat(database.queryForObject("SELECT count(*)" + pairs
                + " AND own.oid IN (SELECT relid FROM pg_partition_tree('heartbeat_alerts'))"
                + " AND referenced.oid IN (SELECT relid FROM pg_partition_tree('heartbeats'))"
                + " AND EXISTS (SELECT 1 FROM unnest(c.conkey, c.confkey) AS k (mine, theirs)"
                + " WHERE (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = k.mine)"
                + " = 'patient_id' AND (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid"
                + " AND attnum = k.theirs) = 'patient_id')", Integer.class)).isEqualTo(3);
    }

    // The create_distributed_table calls of distribute.sql: table, column, co-located with.
    private static List<String> distributed() {
        return DISTRIBUTED.matcher(CitusScripts.distribute()).results()
            .map((call) -> call.group(1) + " " + call.group(2) + " " + call.group(3)).toList();
    }

    private static List<String> reference() {
        return REFERENCE.matcher(CitusScripts.distribute()).results().map((call) -> call.group(1)).toList();
    }
}
