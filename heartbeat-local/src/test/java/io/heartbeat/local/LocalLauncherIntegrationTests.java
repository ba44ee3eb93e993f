package io.heartbeat.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the launcher's main path as a user would, on free ports and a temporary data directory.
 */
class LocalLauncherIntegrationTests {

    private static final Pattern SUMMARY = Pattern.compile("\\d\\d:\\d\\d:\\d\\d produced \\d+\\.\\d/s"
            + " stored \\d+\\.\\d/s \\| valid=\\d+ invalid_physiological=\\d+ invalid_system=\\d+ corrupted=\\d+"
            + " \\| alerts=\\d+ \\| lag=\\d+");

    private static final Pattern FINAL = Pattern.compile("\\d\\d:\\d\\d:\\d\\d final produced \\d+\\.\\d/s .*");

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void runsTheWholePipelineForTheGivenDurationStoresReadingsAndExitsZero() throws Exception {
        int postgresPort = LocalPorts.anyFree();
        int kafkaPort = LocalPorts.anyFree();

        int status = launch(postgresPort, "--duration=20s", "--summary-interval=2s", "--data-dir=" + this.dataDir,
                "--kafka-port=" + kafkaPort, "--consumer-port=0", "--producer-port=0");

        assertThat(status).as(text(this.err)).isZero();
        assertThat(text(this.err)).isEmpty();
        List<String> lines = text(this.out).lines().toList();
        assertThat(lines).contains("  psql:     psql \"postgresql://heartbeat_user:heartbeat_pass@localhost:" + postgresPort
                + "/heartbeat_db\"");
        assertThat(lines).anyMatch((line) -> line.startsWith("Kafka:      localhost:" + kafkaPort + " (embedded"));
        assertThat(lines.stream().filter((line) -> SUMMARY.matcher(line).matches())).hasSizeGreaterThanOrEqualTo(5);
        assertThat(lines.get(lines.size() - 1)).matches(FINAL);
        assertThat(StoredRuns.heartbeatRows(this.dataDir)).isPositive();
    }

    @Test
    void checksEveryPortBeforeStartingAnythingAndExitsOneWithOneLine() throws Exception {
        int producerPort = LocalPorts.anyFree();
        try (ServerSocket taken = new ServerSocket(producerPort, 1, InetAddress.getLoopbackAddress())) {
            int status = launch(LocalPorts.anyFree(), "--data-dir=" + this.dataDir,
                    "--kafka-port=" + LocalPorts.anyFree(), "--consumer-port=0", "--producer-port=" + producerPort);

            assertThat(status).isEqualTo(1);
        }
        assertThat(text(this.err)).isEqualTo("heartbeat-local: The producer's HTTP server cannot listen on localhost:"
                + producerPort + ": the port is already in use (choose another with --producer-port=<port>, or 0 for"
                + " any free port)\n");
        assertThat(text(this.out)).isEmpty();
        assertThat(this.dataDir).isEmptyDirectory();
    }

    @Test
    void refusesAPostgresDataFolderOfAnotherMajorVersionWithOneLine() throws Exception {
        Path postgresData = Files.createDirectories(this.dataDir.resolve("postgres"));
        Files.writeString(postgresData.resolve("PG_VERSION"), "14\n");

        int status = launch(LocalPorts.anyFree(), "--data-dir=" + this.dataDir, "--kafka-port=" + LocalPorts.anyFree(),
                "--consumer-port=0", "--producer-port=0");

        assertThat(status).isEqualTo(1);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: " + postgresData.toAbsolutePath().normalize()
                + " holds a PostgreSQL 14 cluster and this launcher runs PostgreSQL "
                + EmbeddedPostgresServer.MAJOR_VERSION + ": keep its data with pg_dump from the launcher that"
                + " wrote it, or move the folder away to start empty\n");
        assertThat(text(this.out)).isEmpty();
        assertThat(postgresData.resolve("PG_VERSION")).hasContent("14");
        try (Stream<Path> files = Files.list(postgresData)) {
            assertThat(files).containsExactly(postgresData.resolve("PG_VERSION"));
        }
    }

    @Test
    void aServiceThatCannotStartIsNamedWithItsOwnReasonInOneLine() throws Exception {
        int closedPort = LocalPorts.anyFree();

        int status = launch(Map.of("POSTGRES_HOST", "localhost", "POSTGRES_PORT", String.valueOf(closedPort)),
                "--data-dir=" + this.dataDir, "--kafka-port=" + LocalPorts.anyFree(), "--consumer-port=0",
                "--producer-port=0");

        assertThat(status).isEqualTo(1);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: The consumer could not start: PostgreSQL unreachable: "
                + "POSTGRES_HOST=\"localhost\" POSTGRES_PORT=\"" + closedPort + "\": Connection to localhost:"
                + closedPort + " refused. Check that the hostname and port are correct and that the postmaster is"
                + " accepting TCP/IP connections.\n");
    }

    private int launch(int postgresPort, String... args) {
        return launch(Map.of("POSTGRES_PORT", String.valueOf(postgresPort)), args);
    }

    private int launch(Map<String, String> environment, String... args) {
        return LocalLauncher.run(args, environment, new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
