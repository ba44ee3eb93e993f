package io.heartbeat.local.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.heartbeat.local.LauncherProcess;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.heartbeat.testsupport.KafkaTestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 6: the launcher ({@code java -jar heartbeat-local.jar}) is killed with SIGKILL while readings flow, three
 * times, and started again at once on the same data directory and ports each time. Its PostgreSQL runs in a
 * session of its own and outlives it: its watchdog stops it, or, when the watchdog was killed too, the next start
 * does. After every restart readings are stored again, and at the end every record of the topic is in
 * {@code heartbeats} exactly once.
 */
class LauncherKilledIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(LauncherKilledIntegrationTests.class);

    private static final long SEED = 11_011_011L;

    private static final int KILLS = 3;

    /** Readings the last run's producer sends before it goes idle, so the consumer can catch up. */
    private static final int LAST_RUN_EVENTS = 400;

    private static final String TOPIC = "heartbeats";

    private static final String GROUP = "heartbeat-consumer";

    private static final Duration PATIENCE = Duration.ofSeconds(180);

    /** How long the watchdog may take to stop the server once the launcher is gone. */
    private static final Duration WATCHDOG_PATIENCE = Duration.ofSeconds(15);

    /** SIGKILL's exit status: 128 + 9. */
    private static final int KILLED = 137;

    @TempDir
    Path workDir;

    @Test
    void restartsAtOnceAfterEachSigkillAndStoresEveryRecordOnce() throws Exception {
        Ports ports = Ports.free();
        Path postgresData = this.workDir.resolve("data/postgres");
        StoredHeartbeats stored = new StoredHeartbeats(dataSource(ports.postgres()));
        Random moments = new Random(SEED);
        try {
            for (int run = 1; run <= KILLS; run++) {
                Instant started = Instant.now();
                try (LauncherProcess launcher = start(run, ports, List.of())) {
                    awaitRowsStoredSince(launcher, stored, started, 1 + moments.nextInt(400));
                    if (run == 3) {
                        assertThat(launcher.output()).contains("was left running on " + postgresData);
                    }
                    long postmaster = postmasterPid(postgresData);
                    if (run == 2) {
                        // With its watchdog, as a SIGKILL of the process group would: the server stays behind.
                        assertThat(launcher.killWithItsChildren()).isEqualTo(KILLED);
                        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive))
                            .as("PostgreSQL left running").isPresent();
                    }
                    else {
                        // Only the launcher: its watchdog stops the server while the next start already runs.
                        assertThat(launcher.kill()).isEqualTo(KILLED);
                    }
                    logger.info("Killed launcher {} of {} with SIGKILL", run, KILLS);
                }
            }
            Instant started = Instant.now();
            try (LauncherProcess launcher = start(KILLS + 1, ports,
                    List.of("-Dheartbeat.producer.max-events=" + LAST_RUN_EVENTS))) {
                awaitRowsStoredSince(launcher, stored, started, LAST_RUN_EVENTS);
                try (KafkaTestClients kafka = new KafkaTestClients("localhost:" + ports.kafka(), Map.of())) {
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> kafka
                        .committedOffsets(GROUP, TOPIC).equals(kafka.endOffsets(TOPIC)));
                    stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
                    stored.assertOneAlertPerViolation();
                    assertThat(stored.jdbc().queryForObject("SELECT count(DISTINCT event_id) FROM heartbeats",
                            Long.class)).as("distinct delivery keys").isEqualTo(stored.count());
                    assertThat(kafka.endOffsets(TOPIC + ".DLT").values().stream().mapToLong(Long::longValue).sum())
                        .as("dead letters").isZero();
                    logger.info("{} records on the topic, each stored once", stored.count());
                }
                assertThat(launcher.terminate()).isEqualTo(143);
            }
            assertThat(postgresData.resolve("postmaster.pid")).as("PostgreSQL stopped with the launcher")
                .doesNotExist();
        }
        finally {
            // A failed run must not leave a server behind: the launcher's own recovery stops it.
            EmbeddedPostgresServer.stopLeftoverServer(postgresData);
        }
    }

    @Test
    void theWatchdogStopsPostgresWhenTheLauncherIsKilled() throws Exception {
        Path postgresData = this.workDir.resolve("data/postgres");
        try {
            long postmaster;
            try (LauncherProcess launcher = start(1, Ports.free(), List.of())) {
                launcher.awaitRunning(PATIENCE);
                postmaster = postmasterPid(postgresData);
                assertThat(launcher.kill()).isEqualTo(KILLED);
            }
            await().atMost(WATCHDOG_PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).isEmpty());
            // A fast shutdown, not a crash: the server removed its pid file, so the next start needs no recovery.
            assertThat(postgresData.resolve("postmaster.pid")).doesNotExist();
        }
        finally {
            EmbeddedPostgresServer.stopLeftoverServer(postgresData);
        }
    }

    private LauncherProcess start(int run, Ports ports, List<String> jvmOptions) {
        List<String> options = new ArrayList<>(List.of("-Xmx512m",
                // The killed launcher's consumer stays a member of its group until its session expires; 6 s (the
                // broker's minimum) rather than 45 s keeps three restarts short. Item 10 of issue 18 is about that.
                "-Dspring.kafka.consumer.properties.session.timeout.ms=6000",
                "-Dspring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
        options.addAll(jvmOptions);
        return LauncherProcess.start("launcher-" + run, this.workDir,
                Map.of("POSTGRES_PORT", String.valueOf(ports.postgres()), "PRODUCER_EVENTS_PER_SECOND", "200"),
                options, List.of("--data-dir=data", "--kafka-port=" + ports.kafka(),
                        "--consumer-port=" + ports.consumer(), "--producer-port=" + ports.producer()));
    }

    /**
     * Waits until this run has stored {@code rows} rows: rows whose transaction began after it was started
     * ({@code created_at} is PostgreSQL's transaction time, on this machine's clock), so no earlier run wrote them.
     */
    private static void awaitRowsStoredSince(LauncherProcess launcher, StoredHeartbeats stored, Instant started,
            int rows) {
        launcher.awaitRunning(PATIENCE);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> stored.jdbc().queryForObject(
                "SELECT count(*) FROM heartbeats WHERE created_at >= ?", Long.class, Timestamp.from(started)) >= rows);
    }

    private static long postmasterPid(Path postgresData) throws Exception {
        return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).strip());
    }

    private static PGSimpleDataSource dataSource(int port) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://localhost:" + port + "/heartbeat_db");
        dataSource.setUser("heartbeat_user");
        dataSource.setPassword("heartbeat_pass");
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    private record Ports(int postgres, int kafka, int consumer, int producer) {

        static Ports free() {
            return new Ports(LocalPorts.anyFree(), LocalPorts.anyFree(), LocalPorts.anyFree(), LocalPorts.anyFree());
        }
    }
}
