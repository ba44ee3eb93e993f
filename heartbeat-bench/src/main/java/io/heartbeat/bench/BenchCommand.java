package io.heartbeat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.heartbeat.local.cli.FailureLine;
import io.heartbeat.local.cli.InvalidOptionException;
import io.heartbeat.local.cli.LocalEnvironment;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.util.FileSystemUtils;

/**
 * {@code java -jar heartbeat-bench.jar [options]}: one run of docs/benchmarks.md, printed as a table and optionally
 * written as JSON (why a jar of its own: decisions.md, "The benchmark in a module of its own").
 */
public final class BenchCommand {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private BenchCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    /** Runs the benchmark; returns 0 when done, 1 when it could not be run, 2 on a bad command line. */
    public static int run(List<String> args, Map<String, String> variables, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        }
        catch (InvalidOptionException ex) {
            err.println("heartbeat-bench: " + ex.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(BenchOptions.USAGE);
            return 0;
        }
        LocalEnvironment environment = new LocalEnvironment(variables);
        Runnable restoreLogging = quietLogging(environment);
        String runId = ZonedDateTime.now(ZoneOffset.UTC).format(RUN_ID) + "_" + ProcessHandle.current().pid();
        Path runDir = options.dataDir().resolve("run-" + runId).toAbsolutePath().normalize();
        BenchRun run = new BenchRun(options, out);
        Thread shutdownHook = new Thread(run::close, "heartbeat-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Files.createDirectories(runDir);
            BenchResult result = run.run(environment, variables, runDir, runId);
            run.close();
            out.println();
            out.print(result.table());
            if (options.out().isPresent()) {
                write(result, options.out().get());
                out.println("Written to " + options.out().get().toAbsolutePath().normalize());
            }
            out.flush();
            return 0;
        }
        catch (Exception ex) {
            err.println("heartbeat-bench: " + FailureLine.describe(ex) + keptConsumerOutput(runDir));
            return 1;
        }
        finally {
            run.close();
            deleteRecursively(runDir);
            restoreLogging.run();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (IllegalStateException ex) {
                // Ctrl+C: the hook is already running and stops everything.
            }
        }
    }

    private static void write(BenchResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(result.json()) + System.lineSeparator());
    }

    /**
     * Sets up the shared logback-spring.xml before the embedded servers start, with only warnings (the console
     * shows the benchmark's progress) and none of the broker's routine ones; returns what restores the levels.
     */
    private static Runnable quietLogging(LocalEnvironment environment) {
        environment.initializeLogging();
        LoggingSystem loggingSystem = LoggingSystem.get(BenchCommand.class.getClassLoader());
        Map<String, LogLevel> quiet = Map.of(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN,
                "org.apache.kafka", LogLevel.ERROR, "kafka", LogLevel.ERROR);
        Map<String, LogLevel> before = new HashMap<>();
        quiet.forEach((logger, level) -> {
            LoggerConfiguration configuration = loggingSystem.getLoggerConfiguration(logger);
            before.put(logger, (configuration != null) ? configuration.getConfiguredLevel() : null);
            loggingSystem.setLogLevel(logger, level);
        });
        return () -> before.forEach(loggingSystem::setLogLevel);
    }

    // The run's folder goes, but after a failure the consumers' logs are worth keeping: next to it.
    private static String keptConsumerOutput(Path runDir) {
        List<String> kept = new ArrayList<>();
        try (Stream<Path> outputs = Files.list(runDir)) {
            for (Path output : outputs
                .filter((file) -> file.getFileName().toString().matches("consumer-\\d+(\\.out|-gc\\.log)"))
                .sorted()
                .toList()) {
                Path keep = runDir.resolveSibling(runDir.getFileName() + "-" + output.getFileName());
                Files.move(output, keep);
                kept.add(keep.toString());
            }
        }
        catch (IOException | UncheckedIOException ex) {
            // Nothing (more) to point to.
        }
        return kept.isEmpty() ? "" : " (the consumers' output: " + String.join(", ", kept) + ")";
    }

    private static void deleteRecursively(Path directory) {
        try {
            FileSystemUtils.deleteRecursively(directory);
        }
        catch (IOException ex) {
            // What is left is the user's to remove; nothing depends on it.
        }
    }
}
