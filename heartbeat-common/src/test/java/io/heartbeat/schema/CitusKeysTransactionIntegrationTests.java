package io.heartbeat.schema;

import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * db/citus/keys.sql is one transaction: when it fails late, after it has replaced the keys, the database keeps every
 * key, the nullable alert patient and the partition function it had.
 */
class CitusKeysTransactionIntegrationTests {

    private static final String KEYS = "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1";

    private static final String FUNCTION =
            "SELECT pg_get_functiondef('heartbeat_create_day_partitions(date)'::regprocedure)";

    private static final String ALERT_PATIENT_NOT_NULL = "SELECT attnotnull FROM pg_attribute"
            + " WHERE attrelid = 'heartbeat_alerts'::regclass AND attname = 'patient_id'";

    @Test
    void anAlertOfAnotherPatientThanItsReadingLeavesEveryKeyAsItWas() {
        JdbcTemplate database = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        database.queryForObject("SELECT heartbeat_create_day_partitions('2020-02-28')", Boolean.class);
        database.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type) VALUES (md5(random()::text)::uuid, '2020-02-28T10:00:00Z', 'p-1', 20,"
                + " 'invalid_physiological', 'low_bpm')");
        // Today's keys allow it; the foreign key with patient_id, declared last, refuses it.
        database.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, alert_category)"
                + " VALUES (1, '2020-02-28T10:00:00Z', 'p-2', 'physiological_anomaly')");
        List<String> keys = database.queryForList(KEYS, String.class);
        String function = database.queryForObject(FUNCTION, String.class);
        assertThat(keys).contains("heartbeat_alerts_p20200228 heartbeat_alerts_p20200228_heartbeat_id_fkey"
                + " FOREIGN KEY (heartbeat_id, \"timestamp\") REFERENCES heartbeats_p20200228(id, \"timestamp\")"
                + " ON DELETE CASCADE");

        assertThatExceptionOfType(DataIntegrityViolationException.class)
            .isThrownBy(() -> CitusScripts.runKeys(database))
            .withMessageContaining("heartbeat_alerts_p20200228_heartbeat_id_fkey");

        assertThat(database.queryForList(KEYS, String.class)).containsExactlyElementsOf(keys);
        assertThat(database.queryForObject(FUNCTION, String.class)).isEqualTo(function);
        assertThat(database.queryForObject(ALERT_PATIENT_NOT_NULL, Boolean.class)).isFalse();
        assertThat(database.queryForObject("SELECT count(*) FROM heartbeat_alerts", Integer.class)).isEqualTo(1);
    }
}
