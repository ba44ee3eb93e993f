package io.heartbeat.consumer.persistence;

import io.heartbeat.testsupport.TestPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A login with exactly the run-time rights docs/consumer.md#database-rights lists, for tests that write as the
 * least-privileged consumer would.
 */
public final class DocumentedGrants {

    private DocumentedGrants() {
    }

    /** Creates the login in {@code database} (through its owner, {@code owner}) and returns it as a database. */
    public static TestPostgres.Database writer(TestPostgres.Database database, JdbcTemplate owner) {
        String role = "writer_" + database.name();
        owner.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'writer'");
        owner.execute("GRANT CONNECT ON DATABASE " + database.name() + " TO " + role);
        owner.execute("GRANT USAGE ON SCHEMA public TO " + role);
        owner.execute("GRANT SELECT, INSERT ON heartbeats, heartbeat_alerts TO " + role);
        owner.execute("GRANT UPDATE (resolved_flag, resolved_at, resolved_by, acknowledged_at, acknowledged_by)"
                + " ON heartbeat_alerts TO " + role);
        owner.execute("GRANT SELECT, INSERT ON patient_alarms TO " + role);
        owner.execute("GRANT UPDATE (ended_at, state, acknowledged_at, acknowledged_by, resolved_at, resolved_by)"
                + " ON patient_alarms TO " + role);
        owner.execute("GRANT SELECT, INSERT, UPDATE ON patient_alarm_state TO " + role);
        owner.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON heartbeat_alerts_open_since TO " + role);
        return new TestPostgres.Database(database.host(), database.port(), database.name(), role, "writer");
    }
}
