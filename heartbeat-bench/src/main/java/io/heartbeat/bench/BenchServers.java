package io.heartbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of one benchmark run: the local mode's embedded PostgreSQL and Kafka on free ports, or the external
 * ones POSTGRES_HOST / KAFKA_BROKER name; in either, a database and a topic of this run's own, dropped at the end.
 */
final class BenchServers implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BenchServers.class);

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final PipelineEndpoints endpoints;

    private final PostgresSettings server;

    private final int partitions;

    private final EmbeddedPostgresServer postgres;

    private final EmbeddedKafkaServer kafka;

    private final Admin admin;

    private BenchServers(PipelineEndpoints endpoints, PostgresSettings server, int partitions,
            EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka, Admin admin) {
        this.endpoints = endpoints;
        this.server = server;
        this.partitions = partitions;
        this.postgres = postgres;
        this.kafka = kafka;
        this.admin = admin;
    }

    /** Starts (or finds) both servers, then creates this run's database and topic, named after {@code runId}. */
    static BenchServers start(LocalEnvironment environment, Path runDir, String runId, int partitions) {
        EmbeddedPostgresServer postgres = null;
        EmbeddedKafkaServer kafka = null;
        try {
            PostgresSettings requested = environment.postgres();
            if (!environment.externalPostgres()) {
                postgres = EmbeddedPostgresServer.start(runDir.resolve("postgres"), new PostgresSettings(
                        requested.host(), LocalPorts.anyFree(), requested.database(), requested.user(),
                        requested.password(), requested.poolSize()));
            }
            PostgresSettings server = (postgres != null) ? postgres.settings() : requested;
            Optional<String> external = environment.externalKafka();
            if (external.isEmpty()) {
                kafka = EmbeddedKafkaServer.start(runDir.resolve("kafka"), LocalPorts.anyFree());
            }
            String bootstrapServers = (kafka != null) ? kafka.bootstrapServers() : external.get();
            String database = "heartbeat_bench_" + runId;
            execute(server, "CREATE DATABASE " + database);
            PostgresSettings bench = new PostgresSettings(server.host(), server.port(), database, server.user(),
                    server.password(), server.poolSize());
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            String topic = environment.topic() + "-bench-" + runId;
            PipelineEndpoints endpoints = new PipelineEndpoints(bootstrapServers, bench, topic,
                    environment.groupId() + "-bench-" + runId);
            BenchServers servers = new BenchServers(endpoints, server, partitions, postgres, kafka, admin);
            try {
                servers.createTopic();
            }
            catch (RuntimeException ex) {
                servers.close();
                throw ex;
            }
            return servers;
        }
        catch (RuntimeException ex) {
            close(kafka);
            close(postgres);
            throw ex;
        }
    }

    /** Where the services of this run find Kafka and PostgreSQL, with this run's database, topic and group. */
    PipelineEndpoints endpoints() {
        return this.endpoints;
    }

    boolean embeddedPostgres() {
        return this.postgres != null;
    }

    boolean embeddedKafka() {
        return this.kafka != null;
    }

    /** The embedded PostgreSQL's postmaster (its backends are its children); empty for an external server. */
    Optional<ProcessHandle> postgresProcess() {
        if (this.postgres == null) {
            return Optional.empty();
        }
        try {
            String pid = Files.readAllLines(this.postgres.dataDir().resolve("postmaster.pid")).get(0).strip();
            return ProcessHandle.of(Long.parseLong(pid));
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    Admin admin() {
        return this.admin;
    }

    /** A connection to this run's database, as the services' user. */
    Connection connect() throws SQLException {
        PostgresSettings bench = this.endpoints.postgres();
        return DriverManager.getConnection(bench.jdbcUrl(), bench.user(), bench.password());
    }

    /** Drops this run's topic and database, then stops what was embedded. */
    @Override
    public void close() {
        try {
            this.admin.deleteTopics(List.of(this.endpoints.topic(), this.endpoints.topic() + ".DLT"))
                .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException | RuntimeException ex) {
            logger.warn("Could not delete the benchmark topic {}: {}", this.endpoints.topic(), ex.toString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.admin.close();
        try {
            execute(this.server, "DROP DATABASE IF EXISTS " + this.endpoints.postgres().database() + " WITH (FORCE)");
        }
        catch (RuntimeException ex) {
            logger.warn("Could not drop the benchmark database {}: {}", this.endpoints.postgres().database(),
                    ex.toString());
        }
        close(this.kafka);
        close(this.postgres);
    }

    private void createTopic() {
        try {
            this.admin.createTopics(List.of(new NewTopic(this.endpoints.topic(), this.partitions, (short) 1)))
                .all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + this.endpoints.topic(), ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not create topic " + this.endpoints.topic() + ": " + ex, ex);
        }
    }

    // On the server's own database (POSTGRES_DB), since this run's database is what is created or dropped.
    private static void execute(PostgresSettings server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("PostgreSQL " + server.host() + ":" + server.port() + " refused "
                    + sql + ": " + ex.getMessage(), ex);
        }
    }

    private static void close(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        }
        catch (Exception ex) {
            logger.warn("Could not stop {} cleanly", server, ex);
        }
    }
}
