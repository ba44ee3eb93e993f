package io.heartbeat.local.pipeline;

import java.io.PrintStream;
import java.nio.file.Path;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.PortChoice;
import io.heartbeat.local.postgres.PsqlCommand;

/**
 * The launcher's start-up lines on standard output: a line for each default port that was taken and moved, then
 * where PostgreSQL and Kafka listen and how to reach them, with the ports really used.
 */
public final class StartupLines {

    private final PrintStream out;

    public StartupLines(PrintStream out) {
        this.out = out;
    }

    /** Says where {@code server} listens instead, if its port moved. */
    public void moved(PortChoice port, String server, int actual) {
        port.movedLine(server, actual).ifPresent(this.out::println);
        this.out.flush();
    }

    /**
     * Where PostgreSQL and Kafka listen, with a ready-to-paste {@code psql} command.
     * @param endpoints what the services were given
     * @param dataDir the data directory, when a server is embedded
     * @param embeddedPostgres whether the launcher runs PostgreSQL (else it is the user's)
     * @param embeddedKafka whether the launcher runs Kafka
     * @param passwordFromEnvironment whether the password came from POSTGRES_PASSWORD, so is not printed
     */
    public void whereServersListen(PipelineEndpoints endpoints, Path dataDir, boolean embeddedPostgres,
            boolean embeddedKafka, boolean passwordFromEnvironment) {
        PostgresSettings postgres = endpoints.postgres();
        Path data = dataDir.toAbsolutePath().normalize();
        this.out.println("PostgreSQL: " + postgres.host() + ":" + postgres.port() + " database " + postgres.database()
                + " user " + postgres.user() + (embeddedPostgres
                        ? " (embedded, data in " + data.resolve("postgres") + ")" : " (external)"));
        this.out.println("  psql:     " + PsqlCommand.of(postgres, passwordFromEnvironment));
        this.out.println("  JDBC URL: " + postgres.jdbcUrl());
        this.out.println("Kafka:      " + endpoints.bootstrapServers() + (embeddedKafka
                ? " (embedded KRaft, data in " + data.resolve("kafka") + ")" : " (external)")
                + ", topic " + endpoints.topic() + ", consumer group " + endpoints.groupId());
        this.out.flush();
    }
}
