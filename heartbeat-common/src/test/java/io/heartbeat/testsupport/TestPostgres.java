package io.heartbeat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The one real PostgreSQL server of a test JVM: a Testcontainers container when a Docker engine answers, an
 * embedded server (zonky) otherwise. Never skipped: without Docker the embedded server runs.
 * <p>
 * {@code HEARTBEAT_TEST_POSTGRES=embedded|testcontainers} forces the choice. Each caller of
 * {@link #freshDatabase()} gets a database of its own, so test classes never see each other's rows.
 * <p>
 * The server is the major version of the system property {@code heartbeat.test.postgres-version}, which the build
 * sets to the embedded binaries' version (16, as deployed; a second run of the integration tests: the oldest one
 * supported, pom.xml {@code oldest-postgres}). The container is that version's image; the embedded server is whichever
 * binaries the classpath holds. Either way the server's version is checked, so a run never passes on another one.
 */
public final class TestPostgres {

    private static final Logger logger = LoggerFactory.getLogger(TestPostgres.class);

    /** Password the read-only Grafana role gets in test databases. */
    public static final String GRAFANA_READER_PASSWORD = "grafana_reader_test";

    private static final AtomicInteger databases = new AtomicInteger();

    private static final String VERSION = System.getProperty("heartbeat.test.postgres-version", "16").split("\\.")[0];

    private static TestPostgres instance;

    private final String host;

    private final int port;

    private final String user;

    private final String password;

    private TestPostgres(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The server, started on first use and shared by every test of this JVM. */
    public static synchronized TestPostgres server() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** A new, empty database on the shared server. */
    public static Database freshDatabase() {
        TestPostgres server = server();
        String name = "heartbeat_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = server.dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create test database " + name, ex);
        }
        return new Database(server.host, server.port, name, server.user, server.password);
    }

    public DataSource dataSource(String database) {
        return new Database(this.host, this.port, database, this.user, this.password).dataSource();
    }

    private static TestPostgres start() {
        String choice = System.getenv().getOrDefault("HEARTBEAT_TEST_POSTGRES", "auto");
        boolean docker = switch (choice) {
            case "embedded" -> false;
            case "testcontainers" -> true;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable();
            default -> throw new IllegalStateException(
                    "HEARTBEAT_TEST_POSTGRES must be auto, embedded or testcontainers, was " + choice);
        };
        TestPostgres server = docker ? startContainer() : startEmbedded();
        server.requireVersion();
        return server;
    }

    private void requireVersion() {
        String version = new JdbcTemplate(dataSource("postgres")).queryForObject("SHOW server_version", String.class);
        if (!version.startsWith(VERSION + ".")) {
            throw new IllegalStateException("The test PostgreSQL is " + version + ", not the " + VERSION
                    + " that heartbeat.test.postgres-version names");
        }
        logger.info("Test PostgreSQL: version {}", version);
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper removes it
    private static TestPostgres startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:" + VERSION + "-alpine");
        container.start();
        logger.info("Test PostgreSQL: Testcontainers {} on port {}", container.getDockerImageName(),
                container.getMappedPort(5432));
        return new TestPostgres(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword());
    }

    private static TestPostgres startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                }
                catch (IOException ex) {
                    logger.warn("Could not stop embedded PostgreSQL", ex);
                }
            }));
            logger.info("Test PostgreSQL: embedded (no Docker engine) on port {}", postgres.getPort());
            return new TestPostgres("localhost", postgres.getPort(), "postgres", "postgres");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", ex);
        }
    }

    /** Connection facts of one test database. */
    public record Database(String host, int port, String name, String user, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.name;
        }

        public DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(jdbcUrl());
            dataSource.setUser(this.user);
            dataSource.setPassword(this.password);
            return dataSource;
        }

        /** Applies the project's Flyway migrations, as the consumer does at start-up. */
        public Database migrate() {
            flyway().migrate();
            return this;
        }

        /** Flyway set up as the consumer sets it up, with the project's migrations, not yet run. */
        public Flyway flyway() {
            return flyway(GRAFANA_READER_PASSWORD);
        }

        /** As {@link #flyway()}, with GRAFANA_READER_PASSWORD set to {@code readerPassword}. */
        public Flyway flyway(String readerPassword) {
            return Flyway.configure()
                .dataSource(dataSource())
                .locations("classpath:db/migration")
                .placeholders(Map.of("grafana_reader_password", readerPassword))
                .load();
        }

        /**
         * Migrates as the consumer did before issue 17: V1, then the first V2, which created grafana_reader itself
         * (src/test/resources/db/legacy, byte for byte; V1, applied, is "missing" in that folder).
         */
        public Database migrateWithTheFirstV2() {
            Flyway.configure().configuration(flyway().getConfiguration()).target("1").load().migrate();
            Flyway.configure()
                .configuration(flyway().getConfiguration())
                .locations("classpath:db/legacy")
                .ignoreMigrationPatterns("*:missing")
                .load()
                .migrate();
            return this;
        }

        /** Points Spring's datasource at this database. */
        public void register(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", this::jdbcUrl);
            registry.add("spring.datasource.username", this::user);
            registry.add("spring.datasource.password", this::password);
        }
    }
}
