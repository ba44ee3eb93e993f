package io.heartbeat.local.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.heartbeat.local.ports.LocalPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import static org.awaitility.Awaitility.await;

/**
 * A single-node Kafka broker of an old release, from Maven Central's jars, with its ZooKeeper, each in a JVM of its
 * own: the classpath comes from Maven (src/test/old-kafka/pom.xml), since the broker's Scala and client classes
 * would clash with this build's.
 */
final class OldKafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final int port;

    private final List<Process> processes = new ArrayList<>();

    private OldKafkaBroker(int port) {
        this.port = port;
    }

    /** Starts Kafka {@code version} with its ZooKeeper under {@code workDir}; returns once the broker answers. */
    static OldKafkaBroker start(String version, Path workDir) {
        OldKafkaBroker broker = new OldKafkaBroker(LocalPorts.anyFree());
        try {
            String classpath = classpath(version, Files.createDirectories(workDir));
            int zookeeperPort = LocalPorts.anyFree();
            Path zookeeper = write(workDir.resolve("zookeeper.properties"), "dataDir=" + workDir.resolve("zookeeper"),
                    "clientPort=" + zookeeperPort, "admin.enableServer=false");
            Path server = write(workDir.resolve("server.properties"), "broker.id=1",
                    "listeners=PLAINTEXT://localhost:" + broker.port, "log.dirs=" + workDir.resolve("kafka-logs"),
                    // 127.0.0.1: a host name is left unresolved by ZooKeeper's client on recent JDKs.
                    "zookeeper.connect=127.0.0.1:" + zookeeperPort, "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0");
            Path log4j = write(workDir.resolve("log4j.properties"), "log4j.rootLogger=WARN, out",
                    "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n");
            broker.run(classpath, log4j, "org.apache.zookeeper.server.quorum.QuorumPeerMain", zookeeper,
                    workDir.resolve("zookeeper.out"));
            broker.run(classpath, log4j, "kafka.Kafka", server, workDir.resolve("kafka.out"));
            broker.awaitAnswer(workDir.resolve("kafka.out"));
            return broker;
        }
        catch (IOException ex) {
            broker.close();
            throw new UncheckedIOException(ex);
        }
        catch (RuntimeException ex) {
            broker.close();
            throw ex;
        }
    }

    String bootstrapServers() {
        return "localhost:" + this.port;
    }

    // Asks this build's Maven for the broker's classpath: it reads the same settings and local repository.
    private static String classpath(String version, Path workDir) throws IOException {
        Path output = workDir.resolve("classpath.txt");
        Path log = workDir.resolve("maven.out");
        String mavenHome = System.getProperty("maven.home");
        if (mavenHome == null) {
            throw new IllegalStateException("No maven.home system property: run this test through Maven (failsafe)");
        }
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        List<String> command = List.of(Path.of(mavenHome, "bin", windows ? "mvn.cmd" : "mvn").toString(), "-B", "-q",
                "-f", Path.of("src", "test", "old-kafka", "pom.xml").toAbsolutePath().toString(),
                "-Dmaven.repo.local=" + System.getProperty("heartbeat.test.maven-repository"),
                "-Dkafka.version=" + version, "-Dmdep.outputFile=" + output, "dependency:build-classpath");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!maven.waitFor(5, TimeUnit.MINUTES) || maven.exitValue() != 0) {
                maven.destroyForcibly();
                throw new IllegalStateException("Maven could not resolve Kafka " + version + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
        return Files.readString(output, StandardCharsets.UTF_8).strip();
    }

    private static Path write(Path file, String... lines) throws IOException {
        return Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }

    private void run(String classpath, Path log4j, String mainClass, Path properties, Path output) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.processes.add(new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlog4j.configuration=" + log4j.toUri(), "-cp", classpath, mainClass, properties.toString())
            .redirectErrorStream(true).redirectOutput(output.toFile()).start());
    }

    private void awaitAnswer(Path output) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (Process process : this.processes) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Kafka or its ZooKeeper exited with " + process.exitValue()
                                + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
                    }
                }
                try {
                    return !admin.describeCluster().nodes().get().isEmpty();
                }
                catch (ExecutionException ex) {
                    return false;
                }
            });
        }
    }

    // The broker first, then its ZooKeeper; each gets a SIGTERM, then a SIGKILL.
    @Override
    public void close() {
        for (int i = this.processes.size() - 1; i >= 0; i--) {
            Process process = this.processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
