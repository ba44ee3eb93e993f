package io.heartbeat.local.pipeline;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.PortChoice;
import io.heartbeat.local.ports.PortRequest;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.heartbeat.local.postgres.PostgresBinaries;
import io.heartbeat.local.summary.PipelineProbe;
import io.heartbeat.local.summary.SummaryLine;
import io.heartbeat.local.summary.SummaryReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline in this JVM: PostgreSQL, Kafka, the consumer, the producer and the summary, started in that
 * order and stopped in the reverse one (the producer flushes before the consumer stops, both before the servers).
 */
public final class LocalPipeline implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(LocalPipeline.class);

    private final PipelineSettings settings;

    private final PrintStream out;

    private final CountDownLatch closed = new CountDownLatch(1);

    private LocalServers servers;

    private ConfigurableApplicationContext consumer;

    private ConfigurableApplicationContext producer;

    private SummaryReporter summary;

    private boolean closing;

    private LocalPipeline(PipelineSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Starts everything, or stops what already started and rethrows when a part fails. */
    public static LocalPipeline start(PipelineSettings settings, PrintStream out) {
        LocalPipeline pipeline = new LocalPipeline(settings, out);
        try {
            pipeline.startAll();
        }
        catch (RuntimeException ex) {
            pipeline.close();
            throw ex;
        }
        return pipeline;
    }

    /** Waits until {@link #close()} ran (e.g. from Ctrl+C) or {@code duration} passed; true if it was closed. */
    public boolean awaitClose(Optional<Duration> duration) throws InterruptedException {
        if (duration.isEmpty()) {
            this.closed.await();
            return true;
        }
        return this.closed.await(duration.get().toMillis(), TimeUnit.MILLISECONDS);
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
                this.summary.printFinal();
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
        if (!this.settings.externalPostgres()) {
            PostgresBinaries.forThisMachine().require();
            // Before the ports are checked: a server left running by a launcher that was killed holds its port.
            EmbeddedPostgresServer.stopLeftoverServer(this.settings.dataDir().resolve("postgres"));
        }
        PipelinePorts ports = PipelinePorts.choose(this.settings);
        StartupLines lines = new StartupLines(this.out);
        // A moved port is picked just before its server binds it; the window is that server's start
        // (docs/local-mode.md).
        this.servers = LocalServers.start(this.settings.dataDir(), this.settings.postgres(),
                this.settings.externalPostgres(), ports.postgres()::pickNow, this.settings.externalKafka(),
                ports.kafka()::pickNow);
        PostgresSettings postgresSettings = this.servers.postgres();
        String bootstrapServers = this.servers.bootstrapServers();
        lines.moved(ports.postgres(), "the embedded PostgreSQL", postgresSettings.port());
        this.servers.embeddedKafka().ifPresent((kafka) -> lines.moved(ports.kafka(), "the embedded Kafka broker",
                kafka.port()));
        PipelineEndpoints endpoints = new PipelineEndpoints(bootstrapServers, postgresSettings,
                this.settings.topic(), this.settings.groupId());
        lines.whereServersListen(endpoints, this.settings.dataDir(), this.servers.embeddedPostgres().isPresent(),
                this.servers.embeddedKafka().isPresent(), this.settings.passwordFromEnvironment());
        // The services pick a free HTTP port themselves when theirs moved: nothing can take it in between.
        this.consumer = ServiceApplications.startConsumer(endpoints, http(ports.consumer()),
                this.settings.serviceProperties());
        lines.moved(ports.consumer(), "the consumer's HTTP server", ServiceApplications.httpPort(this.consumer));
        this.producer = ServiceApplications.startProducer(endpoints, http(ports.producer()),
                this.settings.serviceProperties());
        lines.moved(ports.producer(), "the producer's HTTP server", ServiceApplications.httpPort(this.producer));
        this.summary = new SummaryReporter(PipelineProbe.connect(postgresSettings, bootstrapServers,
                endpoints.topic(), endpoints.groupId()), new SummaryLine(ZoneId.systemDefault()), this.out);
        this.summary.start(this.settings.summaryInterval());
        logger.info("Local pipeline running: a summary line every {} ms", this.settings.summaryInterval().toMillis());
    }

    private InetSocketAddress http(PortChoice port) {
        return new InetSocketAddress(this.settings.httpAddress(), port.orAnyForServer());
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

    /**
     * What the pipeline is made of.
     *
     * @param dataDir where embedded servers keep data ({@code kafka/}, {@code postgres/})
     * @param kafkaPort the embedded broker's port (a default one moves when taken)
     * @param externalKafka a broker to use instead of embedding one
     * @param postgres PostgreSQL settings: the server to use when external, else the port, role and database
     * @param externalPostgres whether {@code postgres} names a running server
     * @param postgresPortSet whether POSTGRES_PORT set the embedded server's port (else it moves when taken)
     * @param passwordFromEnvironment whether the password came from POSTGRES_PASSWORD (then it is not printed)
     * @param topic the readings topic
     * @param groupId the consumer group
     * @param consumerPort the consumer's HTTP port (a default one moves when taken)
     * @param producerPort the producer's HTTP port (a default one moves when taken)
     * @param httpAddress where both services' HTTP servers listen (the loopback address unless the user chose)
     * @param summaryInterval how often to print the summary line
     * @param serviceProperties extra properties for both services (tests use it for seeds and limits)
     */
    public record PipelineSettings(Path dataDir, PortRequest kafkaPort, Optional<String> externalKafka,
            PostgresSettings postgres, boolean externalPostgres, boolean postgresPortSet,
            boolean passwordFromEnvironment, String topic, String groupId, PortRequest consumerPort,
            PortRequest producerPort, InetAddress httpAddress, Duration summaryInterval,
            Map<String, String> serviceProperties) {

        /** The embedded PostgreSQL's port, and whether POSTGRES_PORT chose it. */
        public PortRequest postgresPort() {
            return new PortRequest(this.postgres.port(), this.postgresPortSet);
        }
    }
}
