package io.heartbeat.local.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.IntSupplier;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;

/**
 * The PostgreSQL and Kafka the local mode and the bench run against, each embedded unless an external one was named;
 * PostgreSQL starts first and stops last, and an embedded server's port is drawn just before it binds.
 */
public record LocalServers(PostgresSettings postgres, String bootstrapServers,
        Optional<EmbeddedPostgresServer> embeddedPostgres, Optional<EmbeddedKafkaServer> embeddedKafka)
        implements AutoCloseable {

    /** Starts what is embedded ({@code postgres} names the role and database), or stops what started and rethrows. */
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
