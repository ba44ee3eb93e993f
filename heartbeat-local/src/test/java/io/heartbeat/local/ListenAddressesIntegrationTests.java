package io.heartbeat.local;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.heartbeat.local.ports.LocalPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where every port of local mode listens, read from the kernel's socket tables ({@link ListeningSockets}): the
 * launcher run from its jar, then every TCP socket listening in its process and in its PostgreSQL's processes.
 * Nothing is reachable from another machine by default; {@code --http-address} opens the two HTTP ports only.
 */
class ListenAddressesIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path workDir;

    @Test
    void everyPortListensOnLoopbackOnlyByDefault() throws Exception {
        Map<String, Integer> ports = freePorts();

        Map<Integer, Set<String>> listening = listeningWhileRunning(ports, List.of());

        String loopback = ListeningSockets.name(InetAddress.getLoopbackAddress());
        assertThat(listening.values()).allSatisfy((addresses) -> assertThat(addresses)
            .allSatisfy((address) -> assertThat(InetAddress.getByName(address).isLoopbackAddress()).isTrue()));
        assertThat(byServer(ports, listening)).isEqualTo(Map.of(
                // PostgreSQL binds every address "localhost" resolves to (its default listen_addresses).
                "postgres", localhostAddresses(),
                // Kafka binds the first one, as Java resolves it.
                "kafka", Set.of(ListeningSockets.name(InetAddress.getByName("localhost"))),
                "consumer", Set.of(loopback),
                "producer", Set.of(loopback)));
        assertControllerOnly(ports, listening);
    }

    @Test
    void theHttpAddressOptionOpensTheTwoHttpPortsOnly() throws Exception {
        Map<String, Integer> ports = freePorts();

        Map<Integer, Set<String>> listening = listeningWhileRunning(ports, List.of("--http-address=0.0.0.0"));

        assertThat(byServer(ports, listening)).isEqualTo(Map.of(
                "postgres", localhostAddresses(),
                "kafka", Set.of(ListeningSockets.name(InetAddress.getByName("localhost"))),
                "consumer", Set.of("*"),
                "producer", Set.of("*")));
        assertControllerOnly(ports, listening);
    }

    /**
     * Runs the launcher on {@code ports} until it prints its first summary, then reads what its process and its
     * PostgreSQL's (the postmaster named in {@code postmaster.pid}, with its children) listen on; stops it cleanly.
     */
    private Map<Integer, Set<String>> listeningWhileRunning(Map<String, Integer> ports, List<String> options)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--data-dir=data", "--kafka-port=" + ports.get("kafka"),
                "--consumer-port=" + ports.get("consumer"), "--producer-port=" + ports.get("producer")));
        arguments.addAll(options);
        try (LauncherProcess launcher = LauncherProcess.start("launcher", this.workDir,
                Map.of("POSTGRES_PORT", String.valueOf(ports.get("postgres"))), List.of("-Xmx512m"), arguments)) {
            launcher.awaitRunning(PATIENCE);
            long postmaster = Long.parseLong(Files.readAllLines(this.workDir.resolve("data/postgres/postmaster.pid"))
                .get(0).strip());
            List<Long> pids = new ArrayList<>(ListeningSockets.withDescendants(launcher.pid()));
            pids.addAll(ListeningSockets.withDescendants(postmaster));
            Map<Integer, Set<String>> listening = ListeningSockets.of(pids);
            assertThat(launcher.terminate()).as(launcher.output()).isEqualTo(143);
            return listening;
        }
    }

    private static Map<String, Set<String>> byServer(Map<String, Integer> ports, Map<Integer, Set<String>> listening) {
        Map<String, Set<String>> byServer = new LinkedHashMap<>();
        ports.forEach((server, port) -> byServer.put(server, listening.getOrDefault(port, Set.of())));
        return byServer;
    }

    /** Besides the four ports the launcher names, only the Kafka controller's listens, on loopback. */
    private static void assertControllerOnly(Map<String, Integer> ports, Map<Integer, Set<String>> listening)
            throws Exception {
        Map<Integer, Set<String>> others = new LinkedHashMap<>(listening);
        others.keySet().removeAll(ports.values());
        assertThat(others).hasSize(1);
        assertThat(others.values().iterator().next())
            .containsExactly(ListeningSockets.name(InetAddress.getByName("localhost")));
    }

    private static Set<String> localhostAddresses() throws Exception {
        return Arrays.stream(InetAddress.getAllByName("localhost")).map(ListeningSockets::name)
            .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Integer> freePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String server : List.of("postgres", "kafka", "consumer", "producer")) {
            int port;
            do {
                port = LocalPorts.anyFree();
            }
            while (ports.containsValue(port));
            ports.put(server, port);
        }
        return ports;
    }
}
