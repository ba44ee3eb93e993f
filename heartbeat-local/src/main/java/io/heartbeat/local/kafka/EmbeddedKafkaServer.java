package io.heartbeat.local.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.ports.PortRequest;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka server in this JVM: KRaft in combined mode (broker and controller), its storage
 * formatted on first start and reused afterwards (docs/local-mode.md, "Ports" and "Data directory and reset").
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedKafkaServer.class);

    private static final int NODE_ID = 1;

    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final String PORT_REMEDY = "stop what uses it, or set KAFKA_BROKER to use that broker instead";

    private final KafkaRaftServer server;

    private final int port;

    private boolean closed;

    private EmbeddedKafkaServer(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker listening on {@code localhost:port} with its data in {@code logDir}, formatting the directory
     * if it has never been used, and returns once the broker answers.
     */
    public static EmbeddedKafkaServer start(Path logDir, int port) {
        return start(logDir, port, (properties) -> { });
    }

    /** As {@link #start(Path, int)}, with the server's properties changed first: tests' listeners. */
    static EmbeddedKafkaServer start(Path logDir, int port, Consumer<Properties> change) {
        LocalPorts.requireFree("Kafka", port, PORT_REMEDY);
        Path directory = logDir.toAbsolutePath().normalize();
        Properties properties = serverProperties(directory, port, LocalPorts.anyFree());
        change.accept(properties);
        KafkaConfig config = new KafkaConfig(properties);
        formatIfNew(config, directory);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        EmbeddedKafkaServer embedded = new EmbeddedKafkaServer(server, port);
        try {
            // Returns only once the broker is unfenced and its acceptors listen (Kafka 4.1 BrokerServer.startup).
            server.startup();
        }
        catch (RuntimeException ex) {
            embedded.close();
            throw ex;
        }
        logger.info("Kafka (KRaft, single node) listening on {}, data in {}", embedded.bootstrapServers(), directory);
        return embedded;
    }

    /** The port to start on: a taken {@code --kafka-port} fails in one line, a taken default moves. */
    public static PortRequest choosePort(PortRequest requested) {
        return requested.choose("Kafka", PORT_REMEDY);
    }

    /** The port clients connect to. */
    public int port() {
        return this.port;
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + this.port;
    }

    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.server.shutdown();
        this.server.awaitShutdown();
        logger.info("Kafka on {} stopped", bootstrapServers());
    }

    static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER
                        + "://localhost:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://localhost:" + port),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // One node: every internal topic has one replica, and nobody waits for more members to join.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0")));
        return properties;
    }

    private static void formatIfNew(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            logger.info("Reusing Kafka storage in {}", logDir);
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .run();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not create Kafka log directory " + logDir, ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir + ": " + ex.getMessage(), ex);
        }
        logger.info("Formatted new Kafka storage in {} (cluster id {})", logDir, clusterId);
    }
}
