package io.heartbeat.dashboards;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.dashboards.ScaleQueries.Measurement;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale benchmark: loads PATIENTS patients' HOURS hours of history ending now ({@link SyntheticHistory}), builds
 * the per-minute rollup from it, then times every dashboard and alert-rule query on it ({@link ScaleQueries}) and
 * writes the JSON and markdown of {@link ScaleReport} (docs/scaling.md).
 * <p>
 * Not a {@code *Tests} class on purpose: only {@code ./mvnw -Pscale-bench -pl heartbeat-common verify} runs it
 * (heartbeat-common/pom.xml), never {@code ./mvnw verify}.
 */
class ScaleBenchmark {

    private static final Logger logger = LoggerFactory.getLogger(ScaleBenchmark.class);

    @Test
    void loadsTheHistoryAndTimesEveryQuery() throws SQLException, IOException {
        ScaleSettings settings = ScaleSettings.fromSystem();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        logger.info("Scale benchmark: {} patients, {} h of history to {}, {} timed runs per query", settings.patients(),
                settings.hours(), end, settings.repetitions());
        try (ScaleDatabase database = ScaleDatabase.create()) {
            SyntheticHistory.Loaded loaded = SyntheticHistory.load(database.owner(), settings.patients(),
                    settings.hours(), end, (hour) -> logger.info("Loaded hour {} of {}", hour, settings.hours()));
            logger.info("Loaded {} readings in {} s, VACUUM ANALYZE {} s", loaded.readings(),
                    loaded.loading().toSeconds(), loaded.vacuum().toSeconds());
            Map<String, Object> rollup = buildRollup(database);
            long readings = database.rows("heartbeats");
            long alerts = database.rows("heartbeat_alerts");
            String loadBefore = loadAverage();
            List<Measurement> measured;
            try (Connection connection = database.owner().getConnection()) {
                measured = ScaleQueries.measure(new QueryTimings(connection, settings.repetitions()), end);
            }
            Map<String, Object> postgres = database.describe();
            postgres.put("rollup", rollup);
            Map<String, Object> machine = machine();
            machine.put("load_average_before_timing", loadBefore);
            machine.put("load_average_after_timing", loadAverage());
            ScaleReport.Result result = new ScaleReport.Result(settings.patients(), settings.hours(), end, readings,
                    alerts, loaded, database.bytes("heartbeats"), database.bytes("heartbeat_alerts"), measured,
                    postgres, machine);
            write(settings, result);

            assertThat(readings).isEqualTo(loaded.readings());
            assertThat(alerts).isEqualTo(readings / 5);
            assertThat(measured).allSatisfy((m) -> assertThat(m.runs()).isEqualTo(settings.repetitions()));
        }
    }

    /**
     * Builds heartbeat_minutes from the loaded rows as a rebuild does (docs/dashboards.md#rollup), then analyzes it,
     * so that the 6 h and 24 h ranges time the rollup branch of the panels. The consumer's job would have built it
     * while the readings arrived; its build time and size go into the JSON.
     */
    private static Map<String, Object> buildRollup(ScaleDatabase database) throws SQLException {
        Map<String, Object> rollup = new LinkedHashMap<>();
        long began = System.nanoTime();
        try (Connection connection = database.owner().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet minutes = statement.executeQuery(
                    "SELECT heartbeat_minutes_refresh('-infinity', 'infinity')")) {
                minutes.next();
                rollup.put("rows", minutes.getLong(1));
            }
            rollup.put("build_seconds", Math.round((System.nanoTime() - began) / 1e7) / 100.0);
            statement.execute("VACUUM (ANALYZE) heartbeat_minutes");
        }
        rollup.put("bytes", database.bytes("heartbeat_minutes"));
        logger.info("Rolled up into heartbeat_minutes: {}", rollup);
        return rollup;
    }

    private static void write(ScaleSettings settings, ScaleReport.Result result) throws IOException {
        Files.createDirectories(settings.out().getParent());
        Files.writeString(settings.out(), JsonMapper.shared().writerWithDefaultPrettyPrinter()
            .writeValueAsString(ScaleReport.json(result)) + System.lineSeparator());
        String markdown = ScaleReport.markdown(result);
        Files.writeString(settings.markdown(), markdown);
        logger.info("Scale benchmark results, written to {} and {}:{}{}", settings.out(), settings.markdown(),
                System.lineSeparator(), markdown);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", firstLine("/proc/cpuinfo", "model name"));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memory_mb", os.getTotalMemorySize() / (1024 * 1024));
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine slows every figure. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                .filter((line) -> line.startsWith(prefix))
                .map((line) -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }
}
