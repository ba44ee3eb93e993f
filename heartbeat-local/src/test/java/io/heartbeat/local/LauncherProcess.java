package io.heartbeat.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.heartbeat.config.EnvironmentVariables;

import static org.awaitility.Awaitility.await;

/**
 * The launcher as users run it, {@code java -jar heartbeat-local.jar}, as its own operating-system process, so a
 * test can look at what it listens on and kill it for real ({@link #kill()} is SIGKILL). Its output goes to a file
 * of its own in the working directory.
 */
public final class LauncherProcess implements AutoCloseable {

    /** A summary line: the pipeline is up, both services included. */
    private static final Pattern SUMMARY = Pattern.compile("\\d\\d:\\d\\d:\\d\\d produced .*");

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;

    private final Path output;

    private LauncherProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code heartbeat-local/target/heartbeat-local.jar}, which Maven's package phase builds before these tests. */
    public static Path jar() {
        Path jar = Path.of("target", "heartbeat-local.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests -pl "
                    + "heartbeat-local -am)");
        }
        return jar;
    }

    /**
     * Starts {@code java <jvmOptions> -jar heartbeat-local.jar <arguments>} in {@code workDir}, with
     * {@code environment} instead of every variable the launcher and the services read; its output goes to
     * {@code <name>.out}.
     */
    public static LauncherProcess start(String name, Path workDir, Map<String, String> environment,
            List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        EnvironmentVariables.ALL.forEach((variable) -> builder.environment().remove(variable.name()));
        builder.environment().remove("LOG_DIR");
        builder.environment().put("LOG_DIR", workDir.resolve("logs").toString());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(workDir);
            Path output = workDir.resolve(name + ".out");
            builder.redirectOutput(output.toFile());
            return new LauncherProcess(builder.start(), output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the launcher", ex);
        }
    }

    /** Waits for the first summary line, printed once everything has started; fails at once if it exited. */
    public LauncherProcess awaitRunning(Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("The launcher exited with " + this.process.exitValue()
                        + " before it ran:\n" + output());
            }
            return output().lines().anyMatch((line) -> SUMMARY.matcher(line).matches());
        });
        return this;
    }

    public long pid() {
        return this.process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is closed; returns the exit status (137). */
    public int kill() {
        this.process.destroyForcibly();
        return awaitExit();
    }

    /**
     * SIGKILL to every process the launcher started (its PostgreSQL's watchdog), then to the launcher: as a SIGKILL of
     * the whole process group would, or a platform where no watchdog runs. The PostgreSQL server is left alone, as
     * it runs in a session of its own. Returns the launcher's exit status (137).
     */
    public int killWithItsChildren() {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        return kill();
    }

    /** SIGTERM, as Ctrl+C or a service manager stops it: the pipeline closes in order; returns the exit status. */
    public int terminate() {
        this.process.destroy();
        return awaitExit();
    }

    /** Everything the launcher wrote to standard output and error so far. */
    public String output() {
        try {
            return Files.readString(this.output, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private int awaitExit() {
        try {
            if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
                throw new IllegalStateException("The launcher did not exit within " + EXIT_TIMEOUT);
            }
            return this.process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        if (this.process.isAlive()) {
            terminate();
        }
    }
}
