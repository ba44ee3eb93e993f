package io.heartbeat.config;

import java.net.UnknownHostException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresStartupFailureAnalyzerTests {

    private final MockEnvironment environment = new MockEnvironment()
        .withProperty("heartbeat.postgres.host", "db.example")
        .withProperty("heartbeat.postgres.user", "monitor");

    @Test
    void aWrongPasswordNamesTheUser() {
        assertThat(describe(new SQLException("FATAL: password authentication failed for user \"monitor\"", "28P01")))
            .isEqualTo("PostgreSQL refused the login: POSTGRES_USER=\"monitor\": "
                    + "FATAL: password authentication failed for user \"monitor\"");
    }

    @Test
    void anUnknownHostIsNamedAfterTheDriversMessage() {
        SQLException failure = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("db.example"));

        assertThat(describe(failure)).isEqualTo("PostgreSQL unreachable: POSTGRES_HOST=\"db.example\" "
                + "POSTGRES_PORT=\"5432\": The connection attempt failed. (unknown host db.example)");
    }

    @Test
    void anExplicitDatasourceUrlIsNamedInsteadOfTheVariables() {
        this.environment.setProperty("spring.datasource.url", "jdbc:postgresql://replica:6432/monitoring");
        this.environment.setProperty("spring.datasource.username", "svc");

        assertThat(describe(new SQLException("Connection to replica:6432 refused.", "08001")))
            .isEqualTo("PostgreSQL unreachable: spring.datasource.url=\"jdbc:postgresql://replica:6432/monitoring\": "
                    + "Connection to replica:6432 refused.");
        assertThat(describe(new SQLException("FATAL: role \"svc\" does not exist", "28000")))
            .isEqualTo("PostgreSQL refused the login: spring.datasource.username=\"svc\": "
                    + "FATAL: role \"svc\" does not exist");
        assertThat(describe(new SQLException("FATAL: database \"monitoring\" does not exist", "3D000")))
            .isEqualTo("Invalid configuration: spring.datasource.url=\"jdbc:postgresql://replica:6432/monitoring\": "
                    + "FATAL: database \"monitoring\" does not exist");
    }

    @Test
    void onlyTheFirstLineOfTheDriversMessageIsKept() {
        assertThat(describe(new SQLException("FATAL: database \"heartbeat_db\" does not exist\n  Detail: more",
                "3D000")))
            .isEqualTo("Invalid configuration: POSTGRES_DB=\"heartbeat_db\": FATAL: database \"heartbeat_db\" "
                    + "does not exist");
    }

    @Test
    void aServerTooOldNamesWhereItIs() {
        IllegalStateException failure = new IllegalStateException("Error creating bean with name 'flywayInitializer'",
                new UnsupportedPostgresException("11.22", 12, "MATERIALIZED CTEs"));

        FailureAnalysis analysis = new PostgresStartupFailureAnalyzer(this.environment).analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("PostgreSQL too old: POSTGRES_HOST=\"db.example\" "
                + "POSTGRES_PORT=\"5432\": PostgreSQL 11.22 is older than the 12 the consumer needs (MATERIALIZED CTEs)");
    }

    @Test
    void tablesInTheWayNameTheDatabase() {
        IllegalStateException failure = new IllegalStateException("Error creating bean with name 'flywayInitializer'",
                new UnexpectedSchemaException("Database in use", "holds tables it did not make (patients)"));
        PostgresStartupFailureAnalyzer analyzer = new PostgresStartupFailureAnalyzer(this.environment);

        assertThat(analyzer.analyze(failure).getDescription())
            .isEqualTo("Database in use: POSTGRES_DB=\"heartbeat_db\" holds tables it did not make (patients)");
        this.environment.setProperty("spring.datasource.url", "jdbc:postgresql://replica:6432/monitoring");
        assertThat(analyzer.analyze(failure).getDescription()).isEqualTo("Database in use: spring.datasource.url="
                + "\"jdbc:postgresql://replica:6432/monitoring\" holds tables it did not make (patients)");
    }

    @Test
    void leavesOtherDatabaseFailuresToTheirFullReport() {
        PostgresStartupFailureAnalyzer analyzer = new PostgresStartupFailureAnalyzer(this.environment);

        assertThat(analyzer.analyze(new IllegalStateException("Migration failed",
                new SQLException("ERROR: permission denied for schema public", "42501")))).isNull();
        assertThat(analyzer.analyze(new SQLException("no state"))).isNull();
    }

    // As Flyway and Spring wrap what the driver threw when the migrations could not connect.
    private String describe(SQLException reported) {
        IllegalStateException failure = new IllegalStateException("Error creating bean with name 'flywayInitializer'",
                new RuntimeException("Unable to obtain connection from database", reported));
        FailureAnalysis analysis = new PostgresStartupFailureAnalyzer(this.environment).analyze(failure);
        assertThat(analysis).isNotNull();
        return analysis.getDescription();
    }
}
