package io.heartbeat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An embedded PostgreSQL server of one test's own that checks passwords (scram-sha-256), as a managed service
 * does; only the superuser {@code postgres} is trusted. The shared {@link TestPostgres} trusts every login, and
 * holds the cluster-wide role grafana_reader once any test migrated, so it can show neither a password nor a
 * server without that role.
 */
public final class PasswordPostgres implements AutoCloseable {

    private static final String HBA = """
            local all all trust
            host all postgres 127.0.0.1/32 trust
            host all postgres ::1/128 trust
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    /**
     * What a server before PostgreSQL 15 warns when V2 may not revoke PUBLIC's CREATE on schema public: there the
     * superuser owns it, not the application user (docs/dashboards.md).
     */
    public static final String PUBLIC_SCHEMA_WARNING = "no privileges could be revoked for \"public\"";

    private final EmbeddedPostgres server;

    private PasswordPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Whether the application user's first migrate gives the {@link #PUBLIC_SCHEMA_WARNING}: before 15. */
    public boolean warnsOfPublicSchema() {
        return administrator("postgres").queryForObject("SHOW server_version_num", Integer.class) < 150000;
    }

    /** The WARN lines of {@code output}, less the {@link #PUBLIC_SCHEMA_WARNING}. */
    public static List<String> warnings(String output) {
        return output.lines()
            .filter((line) -> line.contains(" WARN ") && !line.contains(PUBLIC_SCHEMA_WARNING))
            .toList();
    }

    /** Starts a new server; close it when the test is done. */
    public static PasswordPostgres start() {
        try {
            return new PasswordPostgres(EmbeddedPostgres.builder()
                // PostgreSQL 14 and later store new passwords so; 12 and 13 by default as md5, which scram refuses.
                .setServerConfig("password_encryption", "scram-sha-256")
                .setDataDirectoryCustomizer((directory) -> writeHba(directory.toPath().resolve("pg_hba.conf")))
                .start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
        }
    }

    /** The superuser on {@code database}: what an administrator runs. */
    public JdbcTemplate administrator(String database) {
        return new JdbcTemplate(database(database, "postgres", "").dataSource());
    }

    /**
     * A login role, neither superuser nor CREATEDB, with CREATEROLE or explicitly without, and a database of the
     * same name that it owns: the application user of a managed service.
     */
    public TestPostgres.Database createOwner(String user, String password, boolean createRole) {
        JdbcTemplate administrator = administrator("postgres");
        administrator.execute("CREATE ROLE " + user + " LOGIN NOSUPERUSER NOCREATEDB " + (createRole ? "" : "NO")
                + "CREATEROLE PASSWORD '" + password + "'");
        administrator.execute("CREATE DATABASE " + user + " OWNER " + user);
        return database(user, user, password);
    }

    /** Connection facts of {@code database} as {@code user}. */
    public TestPostgres.Database database(String database, String user, String password) {
        return new TestPostgres.Database("localhost", this.server.getPort(), database, user, password);
    }

    /** Whether {@code user} logs in to {@code database} with {@code password}; any other failure is thrown. */
    public boolean logsIn(String database, String user, String password) {
        try (Connection connection = database(database, user, password).dataSource().getConnection()) {
            return connection.isValid(5);
        }
        catch (SQLException ex) {
            // 28P01 invalid_password: PostgreSQL says so, whether the password or the role is wrong.
            if ("28P01".equals(ex.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("Could not log in as " + user, ex);
        }
    }

    @Override
    public void close() {
        try {
            this.server.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL", ex);
        }
    }

    private static void writeHba(Path file) {
        try {
            Files.writeString(file, HBA);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + file, ex);
        }
    }
}
