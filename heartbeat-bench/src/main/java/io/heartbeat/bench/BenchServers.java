package io.heartbeat.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.pipeline.LocalServers;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local mode's servers ({@link LocalServers}) for one run, embedded on free ports or external, with a database
 * and a topic of the run's own, dropped at the end.
 */
final class BenchServers implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BenchServers.class);

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final PipelineEndpoints endpoints;

    private final LocalServers servers;

    private final Admin admin;

    private BenchServers(PipelineEndpoints endpoints, LocalServers servers, Admin admin) {
        this.endpoints = endpoints;
        this.servers = servers;
        this.admin = admin;
    }

    /**
     * Starts (or finds) both servers as the local mode does, on free ports, then creates this run's database and
     * topic, named after {@code runId}.
     */
    static BenchServers start(LocalEnvironment environment, Path runDir, String runId, int partitions) {
        LocalServers servers = LocalServers.start(runDir, environment.postgres(), environment.externalPostgres(),
                LocalPorts::anyFree, environment.externalKafka(), LocalPorts::anyFree);
        BenchServers bench = null;
        try {
            PostgresSettings server = servers.postgres();
            String database = "heartbeat_bench_" + runId;
            execute(server, "CREATE DATABASE " + database);
            trackFunctionCalls(server, database);
            PostgresSettings benchDatabase = new PostgresSettings(server.host(), server.port(), database,
                    server.user(), server.password(), server.poolSize());
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()));
            PipelineEndpoints endpoints = new PipelineEndpoints(servers.bootstrapServers(), benchDatabase,
                    environment.topic() + "-bench-" + runId, environment.consumer().groupId() + "-bench-" + runId);
            bench = new BenchServers(endpoints, servers, admin);
            NewTopic topic = new NewTopic(endpoints.topic(), partitions, (short) 1);
            TopicOffsets.await("create topic " + topic.name(), () -> admin.createTopics(List.of(topic)).all(),
                    ADMIN_TIMEOUT_SECONDS);
            return bench;
        }
        catch (RuntimeException ex) {
            // Once there is a run to close, closing it drops what it created and stops the servers.
            if (bench != null) {
                bench.close();
            }
            else {
                servers.close();
            }
            throw ex;
        }
    }

    /** Where the services of this run find Kafka and PostgreSQL, with this run's database, topic and group. */
    PipelineEndpoints endpoints() {
        return this.endpoints;
    }

    /** The servers themselves, embedded or external. */
    LocalServers local() {
        return this.servers;
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
            execute(this.servers.postgres(), "DROP DATABASE IF EXISTS " + this.endpoints.postgres().database()
                    + " WITH (FORCE)");
        }
        catch (RuntimeException ex) {
            logger.warn("Could not drop the benchmark database {}: {}", this.endpoints.postgres().database(),
                    ex.toString());
        }
        this.servers.close();
    }

    // So that the run can say how often the rollup job ran during the drain, and for how long (pg_stat_user_functions).
    // Only a superuser may: on an external server the numbers are then missing, the run is not.
    private static void trackFunctionCalls(PostgresSettings server, String database) {
        try {
            execute(server, "ALTER DATABASE " + database + " SET track_functions = 'pl'");
        }
        catch (RuntimeException ex) {
            logger.warn("The run will not report the rollup job's calls: {}", ex.getMessage());
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
}
