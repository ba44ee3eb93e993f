package io.heartbeat.local.postgres;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.LocalPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EmbeddedPostgresServerIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void keepsRowsAcrossRestartAndLogsInWithTheGivenRoleDatabaseAndPassword() throws SQLException {
        PostgresSettings requested = new PostgresSettings("ignored", LocalPorts.anyFree(), "pulse_db", "pulse_user",
                "s3cret'pass", 10);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.dataDir, requested)) {
            assertThat(postgres.settings().jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:" + requested.port() + "/pulse_db");
            try (Connection connection = connect(postgres.settings(), "s3cret'pass");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE readings (patient_id TEXT, bpm INTEGER)");
                statement.execute("INSERT INTO readings VALUES ('patient-0001', 72)");
            }
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> connect(postgres.settings(), "wrong").close())
                    .withMessageContaining("password authentication failed for user \"pulse_user\"");
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.dataDir, requested);
                Connection connection = connect(postgres.settings(), "s3cret'pass");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT patient_id, bpm, current_database(), current_user, "
                        + "current_setting('server_version_num')::integer / 10000, "
                        + "current_setting('max_locks_per_transaction')::integer, "
                        + "current_setting('max_connections')::integer FROM readings")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("patient-0001");
            assertThat(rows.getInt(2)).isEqualTo(72);
            assertThat(rows.getString(3)).isEqualTo("pulse_db");
            assertThat(rows.getString(4)).isEqualTo("pulse_user");
            assertThat(rows.getString(5)).isEqualTo(EmbeddedPostgresServer.MAJOR_VERSION);
            // Room for the locks of years of day partitions (docs/consumer.md#partitions-and-retention).
            assertThat(rows.getInt(6)).isEqualTo(EmbeddedPostgresServer.MAX_LOCKS_PER_TRANSACTION);
            assertThat(rows.getInt(7)).isEqualTo(300);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void refusesAPortThatIsTakenInOneLine() throws Exception {
        int port = LocalPorts.anyFree();
        PostgresSettings requested = new PostgresSettings("localhost", port, "pulse_db", "pulse_user", "pass", 10);
        try (var taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> EmbeddedPostgresServer.start(this.dataDir, requested))
                    .withMessage("PostgreSQL cannot listen on localhost:" + port + ": the port is already in use "
                            + "(set POSTGRES_PORT to another port, or POSTGRES_HOST to use a running server instead)");
        }
    }

    @Test
    void refusesADataDirectoryALiveLauncherUsesInOneLineAndLeavesItsServerRunning() throws Exception {
        PostgresSettings requested = new PostgresSettings("localhost", LocalPorts.anyFree(), "pulse_db", "pulse_user",
                "pass", 10);
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(this.dataDir, requested)) {
            PostgresSettings second = new PostgresSettings("localhost", LocalPorts.anyFree(), "pulse_db", "pulse_user",
                    "pass", 10);
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> EmbeddedPostgresServer.start(this.dataDir, second))
                    .withMessage("another heartbeat-local is running on " + this.dataDir.toAbsolutePath().normalize()
                            + " (only one launcher may use a data directory at a time; stop it, or choose another"
                            + " --data-dir)");
            connect(running.settings(), "pass").close();
        }
    }

    private static Connection connect(PostgresSettings settings, String password) throws SQLException {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        dataSource.setPassword(password);
        return dataSource.getConnection();
    }
}
