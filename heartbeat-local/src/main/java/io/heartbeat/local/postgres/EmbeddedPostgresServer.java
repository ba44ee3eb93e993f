package io.heartbeat.local.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.ports.PortRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server (zonky's binaries) whose data survives restarts, with the settings' role and database as the
 * official image creates them (local-mode.md, "Environment variables" and "Looking at the data").
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** The binaries' major, as the parent pom's (decisions.md, "Embedded PostgreSQL 16, the version deployed"). */
    public static final String MAJOR_VERSION = "16";

    /** With zonky's 300 connections, a lock table of 76,800: about ten years of day partitions kept. */
    static final int MAX_LOCKS_PER_TRANSACTION = 256;

    private static final String HOST = "localhost";

    private static final String PORT_REMEDY =
            "set POSTGRES_PORT to another port, or POSTGRES_HOST to use a running server instead";

    private static final String PG_HBA = """
            # Written by heartbeat-local at every start. The bootstrap superuser needs no password from this host;
            # every other role logs in with its password, as on a real server.
            local all postgres               trust
            host  all postgres 127.0.0.1/32  trust
            host  all postgres ::1/128       trust
            local all all                    scram-sha-256
            host  all all      127.0.0.1/32  scram-sha-256
            host  all all      ::1/128       scram-sha-256
            """;

    private final EmbeddedPostgres postgres;

    private final PostgresSettings settings;

    private final Path dataDir;

    private final PostgresWatchdog watchdog;

    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, PostgresSettings settings, Path dataDir) {
        this.postgres = postgres;
        this.settings = settings;
        this.dataDir = dataDir;
        this.watchdog = PostmasterPid.read(dataDir)
            .map((pidFile) -> PostgresWatchdog.watch(dataDir, pidFile.pid())).orElse(null);
    }

    /** Starts PostgreSQL on {@code dataDir} (initialised on first use), then makes sure the role and database exist. */
    public static EmbeddedPostgresServer start(Path dataDir, PostgresSettings requested) {
        PostgresBinaries binaries = PostgresBinaries.forThisMachine();
        binaries.require();
        Path directory = dataDir.toAbsolutePath().normalize();
        LeftoverServer.stopIfRunning(directory);
        LocalPorts.requireFree("PostgreSQL", requested.port(), PORT_REMEDY);
        boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
        if (!fresh) {
            requireOwnMajorVersion(directory);
        }
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(directory);
            postgres = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(binaries.resolver())
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(requested.port())
                    .setRegisterShutdownHook(false)
                    // zonky tunes for throw-away test data; this data is kept, so commits are durable again.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Room for years of day partitions: a batch's transaction locks every day kept, and zonky's 300
                    // connections at the default 64 lock about 384 days (docs/consumer.md#partitions-and-retention).
                    .setServerConfig("max_locks_per_transaction", String.valueOf(MAX_LOCKS_PER_TRANSACTION))
                    .setDataDirectoryCustomizer(EmbeddedPostgresServer::writeClientAuthentication)
                    .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, ex);
        }
        PostgresSettings settings = new PostgresSettings(HOST, postgres.getPort(), requested.database(),
                requested.user(), requested.password(), requested.poolSize());
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, settings, directory);
        try {
            server.ensureRoleAndDatabase();
        }
        catch (RuntimeException ex) {
            server.close();
            throw ex;
        }
        logger.info("PostgreSQL {} on {}:{}, database {}, data in {}", fresh ? "initialised" : "reused", HOST,
                settings.port(), settings.database(), directory);
        return server;
    }

    /** A cluster of another major (an older build's) would be refused in a log line the user does not see. */
    private static void requireOwnMajorVersion(Path directory) {
        String version;
        try {
            version = Files.readString(directory.resolve("PG_VERSION"), StandardCharsets.US_ASCII).strip();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read PG_VERSION in " + directory, ex);
        }
        if (!version.equals(MAJOR_VERSION)) {
            throw new IllegalStateException(directory + " holds a PostgreSQL " + version + " cluster and this launcher "
                    + "runs PostgreSQL " + MAJOR_VERSION + ": keep its data with pg_dump from the launcher that wrote "
                    + "it, or move the folder away to start empty");
        }
    }

    /**
     * Stops a server a dead launcher left on {@code dataDir} (local-mode.md, "After a crash"). Call it before checking
     * the port: that server holds it.
     */
    public static void stopLeftoverServer(Path dataDir) {
        LeftoverServer.stopIfRunning(dataDir.toAbsolutePath().normalize());
    }

    /** The port to start on: a taken POSTGRES_PORT fails in one line, a taken default moves. */
    public static PortRequest choosePort(PortRequest requested) {
        return requested.choose("PostgreSQL", PORT_REMEDY);
    }

    /** Where the server listens and how to log in: what the services' {@code heartbeat.postgres.*} should be. */
    public PostgresSettings settings() {
        return this.settings;
    }

    /** The postmaster, whose children are the server's backends; empty once it has stopped. */
    public Optional<ProcessHandle> process() {
        return PostmasterPid.read(this.dataDir).flatMap((pidFile) -> ProcessHandle.of(pidFile.pid()));
    }

    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (this.watchdog != null) {
            this.watchdog.close();
        }
        try {
            this.postgres.close();
            logger.info("PostgreSQL on port {} stopped", this.settings.port());
        }
        catch (IOException ex) {
            logger.warn("Could not stop PostgreSQL on port {} cleanly", this.settings.port(), ex);
        }
    }

    private void ensureRoleAndDatabase() {
        try (Connection connection = this.postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            String role = pg.escapeIdentifier(this.settings.user());
            String password = "'" + pg.escapeLiteral(this.settings.password()) + "'";
            if (exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", this.settings.user())) {
                // The environment is the source of truth: a changed POSTGRES_PASSWORD applies at the next start.
                statement.execute("ALTER ROLE " + role + " WITH LOGIN SUPERUSER PASSWORD " + password);
            }
            else {
                statement.execute("CREATE ROLE " + role + " WITH LOGIN SUPERUSER PASSWORD " + password);
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", this.settings.database())) {
                String database = pg.escapeIdentifier(this.settings.database());
                statement.execute("CREATE DATABASE " + database + " OWNER " + role);
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create role " + this.settings.user() + " and database "
                    + this.settings.database() + " in embedded PostgreSQL: " + ex.getMessage(), ex);
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static void writeClientAuthentication(File dataDirectory) {
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write pg_hba.conf in " + dataDirectory, ex);
        }
    }
}
