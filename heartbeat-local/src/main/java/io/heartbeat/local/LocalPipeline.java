package io.heartbeat.local;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.pipeline.LocalServers;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.local.ports.PortRequest;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.heartbeat.local.postgres.PostgresBinaries;
import io.heartbeat.local.summary.PipelineProbe;
import io.heartbeat.local.summary.SummaryReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline in this JVM, started and stopped in the order of docs/local-mode.md ("What runs"), with the
 * start-up lines of "What it prints" and "Ports".
 */
final class LocalPipeline implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LocalPipeline.class);

    // The port of a server the run does not embed: never checked, never printed.
    private static final PortRequest NOT_EMBEDDED = PortRequest.byDefault(0);

    private final RunOptions options;

    private final LocalEnvironment environment;

    private final PrintStream out;

    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalServers servers;

    private ConfigurableApplicationContext consumer;

    private ConfigurableApplicationContext producer;

    private SummaryReporter summary;

    private boolean closing;

    private LocalPipeline(RunOptions options, LocalEnvironment environment, PrintStream out) {
        this.options = options;
        this.environment = environment;
        this.out = out;
    }

    /** Starts everything, or stops what already started and rethrows when a part fails. */
    static LocalPipeline start(RunOptions options, LocalEnvironment environment, PrintStream out) {
        LocalPipeline pipeline = new LocalPipeline(options, environment, out);
        try {
            pipeline.startAll();
        }
        catch (RuntimeException ex) {
            pipeline.close();
            throw ex;
        }
        return pipeline;
    }

    /** Waits until {@link #close()} ran (e.g. from Ctrl+C) or {@code duration} passed. */
    void awaitClose(Optional<Duration> duration) throws InterruptedException {
        if (duration.isPresent()) {
            this.closed.await(duration.get().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        this.closed.await();
    }

    /** Stops producer, consumer, Kafka and PostgreSQL in that order and prints the final summary; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (this.closing) {
                return;
            }
            this.closing = true;
        }
        try {
            logger.info("Stopping the local pipeline");
            closeContext("producer", this.producer);
            closeContext("consumer", this.consumer);
            if (this.summary != null) {
                this.summary.close();
            }
            if (this.servers != null) {
                this.servers.close();
            }
        }
        finally {
            this.closed.countDown();
        }
    }

    private void startAll() {
        // Every setting is read before anything starts, so a bad one stops the run before any start-up line.
        PostgresSettings postgres = this.environment.postgres();
        String topic = this.environment.topic();
        String groupId = this.environment.consumer().groupId();
        boolean externalPostgres = this.environment.externalPostgres();
        Optional<String> externalKafka = this.environment.externalKafka();
        Path dataDir = this.options.dataDir();
        if (!externalPostgres) {
            PostgresBinaries.forThisMachine().require();
            // Before the ports are checked: a server left running by a launcher that was killed holds its port.
            EmbeddedPostgresServer.stopLeftoverServer(dataDir.resolve("postgres"));
        }
        // Every port is decided before anything starts, so a taken port that the user chose costs no start-up.
        PortRequest postgresPort = externalPostgres ? NOT_EMBEDDED
                : EmbeddedPostgresServer.choosePort(this.environment.postgresPort());
        PortRequest kafkaPort = externalKafka.isPresent() ? NOT_EMBEDDED
                : EmbeddedKafkaServer.choosePort(this.options.kafkaPort());
        PortRequest consumerPort = ServiceApplications.choosePort("consumer", this.options.consumerPort());
        PortRequest producerPort = ServiceApplications.choosePort("producer", this.options.producerPort());
        // A moved port is picked just before its server binds it; the window is that server's start
        // (docs/local-mode.md).
        this.servers = LocalServers.start(dataDir, postgres, externalPostgres, postgresPort::pickNow, externalKafka,
                kafkaPort::pickNow);
        PostgresSettings postgresSettings = this.servers.postgres();
        String bootstrapServers = this.servers.bootstrapServers();
        printMoved(postgresPort, "the embedded PostgreSQL", postgresSettings.port());
        this.servers.embeddedKafka().ifPresent((kafka) -> printMoved(kafkaPort, "the embedded Kafka broker",
                kafka.port()));
        PipelineEndpoints endpoints = new PipelineEndpoints(bootstrapServers, postgresSettings, topic, groupId);
        printWhereServersListen(endpoints);
        // The services pick a free HTTP port themselves when theirs moved: nothing can take it in between.
        this.consumer = ServiceApplications.startConsumer(endpoints, http(consumerPort), Map.of());
        printMoved(consumerPort, "the consumer's HTTP server", ServiceApplications.httpPort(this.consumer));
        this.producer = ServiceApplications.startProducer(endpoints, http(producerPort), Map.of());
        printMoved(producerPort, "the producer's HTTP server", ServiceApplications.httpPort(this.producer));
        this.summary = new SummaryReporter(PipelineProbe.connect(endpoints), this.out);
        this.summary.start(this.options.summaryInterval());
        logger.info("Local pipeline running: a summary line every {} ms", this.options.summaryInterval().toMillis());
    }

    /** A start-up line saying where {@code server} listens instead, if its default port was taken and moved. */
    private void printMoved(PortRequest port, String server, int actual) {
        port.movedLine(server, actual).ifPresent(this.out::println);
        this.out.flush();
    }

    /** Where PostgreSQL and Kafka listen and how to reach them, with the ports really used. */
    private void printWhereServersListen(PipelineEndpoints endpoints) {
        PostgresSettings postgres = endpoints.postgres();
        Path data = this.options.dataDir().toAbsolutePath().normalize();
        this.out.println("PostgreSQL: " + postgres.host() + ":" + postgres.port() + " database " + postgres.database()
                + " user " + postgres.user() + (this.servers.embeddedPostgres().isPresent()
                        ? " (embedded, data in " + data.resolve("postgres") + ")" : " (external)"));
        this.out.println("  psql:     " + psqlCommand(postgres, this.environment.passwordFromEnvironment()));
        this.out.println("  JDBC URL: " + postgres.jdbcUrl());
        this.out.println("Kafka:      " + endpoints.bootstrapServers() + (this.servers.embeddedKafka().isPresent()
                ? " (embedded KRaft, data in " + data.resolve("kafka") + ")" : " (external)")
                + ", topic " + endpoints.topic() + ", consumer group " + endpoints.groupId());
        this.out.flush();
    }

    /**
     * A psql command line that works as pasted into a POSIX shell, cmd or PowerShell: one connection URI, in double
     * quotes, its parts percent-encoded, so that no shell splits or expands them. A POSTGRES_PASSWORD, the user's own,
     * is left out (psql then asks for it, or takes PGPASSWORD).
     */
    static String psqlCommand(PostgresSettings postgres, boolean passwordFromEnvironment) {
        String host = postgres.host().contains(":") ? "[" + postgres.host() + "]" : uriEncode(postgres.host());
        String password = passwordFromEnvironment ? "" : ":" + uriEncode(postgres.password());
        return "psql \"postgresql://" + uriEncode(postgres.user()) + password + "@" + host + ":" + postgres.port() + "/"
                + uriEncode(postgres.database()) + "\"";
    }

    // Leaves only letters, digits, -._* and %XX escapes, which no shell expands inside double quotes.
    private static String uriEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private InetSocketAddress http(PortRequest port) {
        return new InetSocketAddress(this.options.httpAddress(), port.orAnyForServer());
    }

    private static void closeContext(String service, ConfigurableApplicationContext context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        }
        catch (RuntimeException ex) {
            logger.warn("The {} did not stop cleanly", service, ex);
        }
    }
}
