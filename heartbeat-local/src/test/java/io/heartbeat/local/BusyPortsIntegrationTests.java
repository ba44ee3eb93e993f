package io.heartbeat.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.heartbeat.local.ports.LocalPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher on a busy machine: every default port (PostgreSQL 5432, Kafka 9092, the producer's 8081, the
 * consumer's 8082) is held by another listener first, as a PostgreSQL, a Kafka or a web server would hold it. A
 * default port that is already in use on this machine serves as well: the test only needs each one taken.
 */
class BusyPortsIntegrationTests {

    private static final Pattern MOVED = Pattern.compile(
            "heartbeat-local: port (\\d+) is in use; (.+) listens on (\\d+) instead");

    private static final Pattern FINAL = Pattern.compile("\\d\\d:\\d\\d:\\d\\d final produced \\d+\\.\\d/s"
            + " stored \\d+\\.\\d/s \\| valid=(\\d+) invalid_physiological=(\\d+) invalid_system=(\\d+)"
            + " corrupted=(\\d+) \\| alerts=\\d+ \\| lag=\\d+");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    private final List<ServerSocket> holders = new ArrayList<>();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void takeEveryDefaultPort() {
        // PostgreSQL and Kafka listen on localhost by default, web servers on every address.
        hold(5432, InetAddress.getLoopbackAddress());
        hold(9092, InetAddress.getLoopbackAddress());
        hold(8081, null);
        hold(8082, null);
        assertThat(List.of(5432, 9092, 8081, 8082)).noneMatch(LocalPorts::isFree);
    }

    @AfterEach
    void releasePorts() throws IOException {
        for (ServerSocket holder : this.holders) {
            holder.close();
        }
    }

    @Test
    void movesEveryTakenDefaultPortSaysWhereAndStoresReadings() throws Exception {
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> launch(Map.of(), "--duration=20s",
                "--summary-interval=2s", "--data-dir=" + this.dataDir));
        await().atMost(Duration.ofSeconds(120)).until(() -> run.isDone() || movedPorts().size() == 4);
        Map<String, Integer> moved = movedPorts();
        assertThat(moved).as(text(this.err)).containsOnlyKeys("5432 the embedded PostgreSQL",
                "9092 the embedded Kafka broker", "8082 the consumer's HTTP server", "8081 the producer's HTTP server");
        assertThat(moved.values()).doesNotHaveDuplicates().doesNotContain(5432, 9092, 8081, 8082);
        // The lines tell the truth: both services answer on the ports they name, while the run goes on.
        assertThat(healthStatus(moved.get("8082 the consumer's HTTP server"))).isEqualTo(200);
        assertThat(healthStatus(moved.get("8081 the producer's HTTP server"))).isEqualTo(200);

        assertThat(run.get(120, TimeUnit.SECONDS)).as(text(this.err)).isZero();
        assertThat(text(this.err)).isEmpty();
        int postgresPort = moved.get("5432 the embedded PostgreSQL");
        int kafkaPort = moved.get("9092 the embedded Kafka broker");
        List<String> lines = text(this.out).lines().toList();
        assertThat(lines).contains("  psql:     psql \"postgresql://heartbeat_user:heartbeat_pass@localhost:" + postgresPort
                + "/heartbeat_db\"", "  JDBC URL: jdbc:postgresql://localhost:" + postgresPort
                + "/heartbeat_db");
        assertThat(lines).anyMatch((line) -> line.startsWith("Kafka:      localhost:" + kafkaPort + " (embedded"));
        // The summary read PostgreSQL and Kafka on the moved ports: its final counts are the rows stored.
        Matcher last = FINAL.matcher(lines.get(lines.size() - 1));
        assertThat(last.matches()).as(lines.get(lines.size() - 1)).isTrue();
        long summed = 0;
        for (int group = 1; group <= 4; group++) {
            summed += Long.parseLong(last.group(group));
        }
        assertThat(summed).isPositive();
        assertThat(StoredRuns.heartbeatRows(this.dataDir)).isEqualTo(summed);
    }

    static Stream<Arguments> portsSetByTheUser() {
        return Stream.of(
                Arguments.of("POSTGRES_PORT=5432", "PostgreSQL cannot listen on localhost:5432: the port is already in"
                        + " use (set POSTGRES_PORT to another port, or POSTGRES_HOST to use a running server instead)"),
                Arguments.of("--kafka-port=9092", "Kafka cannot listen on localhost:9092: the port is already in use"
                        + " (stop what uses it, or set KAFKA_BROKER to use that broker instead)"),
                Arguments.of("--consumer-port=8082", "The consumer's HTTP server cannot listen on localhost:8082: the"
                        + " port is already in use (choose another with --consumer-port=<port>, or 0 for any free"
                        + " port)"),
                Arguments.of("--producer-port=8081", "The producer's HTTP server cannot listen on localhost:8081: the"
                        + " port is already in use (choose another with --producer-port=<port>, or 0 for any free"
                        + " port)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("portsSetByTheUser")
    void aTakenPortThatWasSetStopsTheRunWithOneLine(String setting, String line) {
        Map<String, String> environment = setting.startsWith("--") ? Map.of()
                : Map.of("POSTGRES_PORT", setting.substring(setting.indexOf('=') + 1));
        List<String> args = new ArrayList<>(List.of("--data-dir=" + this.dataDir));
        if (setting.startsWith("--")) {
            args.add(setting);
        }

        int status = launch(environment, args.toArray(String[]::new));

        assertThat(status).isEqualTo(1);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: " + line + "\n");
        assertThat(text(this.out)).isEmpty();
        assertThat(this.dataDir).isEmptyDirectory();
    }

    /** Listens on {@code port} like another program would; a port that is already in use is left as it is. */
    private void hold(int port, InetAddress address) {
        try {
            ServerSocket holder = new ServerSocket();
            holder.setReuseAddress(true);
            try {
                holder.bind(new InetSocketAddress(address, port));
            }
            catch (IOException ex) {
                holder.close();
                return;
            }
            this.holders.add(holder);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** "default port + what listens" to the port it listens on instead, from the moved-port lines so far. */
    private Map<String, Integer> movedPorts() {
        Map<String, Integer> moved = new LinkedHashMap<>();
        text(this.out).lines().map(MOVED::matcher).filter(Matcher::matches)
                .forEach((line) -> moved.put(line.group(1) + " " + line.group(2), Integer.parseInt(line.group(3))));
        return moved;
    }

    private static int healthStatus(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int launch(Map<String, String> environment, String... args) {
        return LocalLauncher.run(args, environment, new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
