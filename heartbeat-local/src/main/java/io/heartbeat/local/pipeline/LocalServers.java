package io.heartbeat.local.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntSupplier;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;

/**
 * The two servers the local mode and the benchmark run against, each embedded unless an external one was named:
 * PostgreSQL (in {@code dataDir}'s {@code postgres/}) and a Kafka broker (in its {@code kafka/}). PostgreSQL starts
 * first and stops last. An embedded server's port is taken from its supplier just before the server binds it.
 *
 * @param postgres the PostgreSQL server in use, embedded or external
 * @param bootstrapServers the Kafka broker in use, embedded or external
 */
public record LocalServers(PostgresSettings postgres, String bootstrapServers,
        Optional<EmbeddedPostgresServer> embeddedPostgres, Optional<EmbeddedKafkaServer> embeddedKafka)
        implements AutoCloseable {

    /**
     * Starts what is embedded, or stops what already started and rethrows.
     *
     * @param postgres the server to use when {@code externalPostgres}, else the role, password and database to embed
     * @param externalKafka a broker to use instead of embedding one
     */
    public static LocalServers start(Path dataDir, PostgresSettings postgres, boolean externalPostgres,
            IntSupplier postgresPort, Optional<String> externalKafka, IntSupplier kafkaPort) {
        EmbeddedPostgresServer embedded = null;
        try {
            if (!externalPostgres) {
                embedded = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), new PostgresSettings(
                        postgres.host(), postgresPort.getAsInt(), postgres.database(), postgres.user(),
                        postgres.password(), postgres.poolSize()));
            }
            EmbeddedKafkaServer kafka = externalKafka.isPresent() ? null
                    : EmbeddedKafkaServer.start(dataDir.resolve("kafka"), kafkaPort.getAsInt());
            return new LocalServers((embedded != null) ? embedded.settings() : postgres,
                    (kafka != null) ? kafka.bootstrapServers() : externalKafka.get(), Optional.ofNullable(embedded),
                    Optional.ofNullable(kafka));
        }
        catch (RuntimeException ex) {
            if (embedded != null) {
                embedded.close();
            }
            throw ex;
        }
    }

    /** Stops the embedded broker, then the embedded PostgreSQL. */
    @Override
    public void close() {
        try {
            this.embeddedKafka.ifPresent(EmbeddedKafkaServer::close);
        }
        finally {
            this.embeddedPostgres.ifPresent(EmbeddedPostgresServer::close);
        }
    }
}
