package io.heartbeat.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command says before it starts anything.
 */
class BenchCommandTests {

    @TempDir
    Path directory;

    @Test
    void saysInOneLineThatTheConsumersJarIsMissingBeforeStartingAnyServer() {
        Path missing = this.directory.resolve("nowhere").resolve("heartbeat-consumer-exec.jar");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = BenchCommand.run(List.of("--consumer-jar=" + missing, "--data-dir=" + this.directory
            .resolve("data")), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("heartbeat-bench: The consumer's jar " + missing
                + " is missing: build it first (./mvnw -q -DskipTests package), or give its path with --consumer-jar"
                + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("starting");
        assertThat(this.directory.resolve("data").toFile().list()).isEmpty();
    }
}
