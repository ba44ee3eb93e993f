package io.heartbeat.consumer.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.EnvironmentVariables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's class data sharing, run on the built exec jar: the training run needs no broker and no database
 * and writes an archive; a JVM started with it takes the application's classes from it; the exec jar itself still
 * runs with plain {@code java -jar} and no archive.
 */
class ClassDataSharingIntegrationTests {

    // -Xlog:class+load names where each class came from; "(top)" is the dynamic archive on top of the JDK's own.
    private static final String FROM_ARCHIVE = "io.heartbeat.consumer.ConsumerApplication source: shared objects file "
            + "(top)";

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final Path execJar = Path.of("target", "heartbeat-consumer-exec.jar").toAbsolutePath();

    @TempDir
    Path workDir;

    @Test
    void trainingRunOfflineWritesAnArchiveThatTheNextStartMaps() throws Exception {
        Path extracted = this.workDir.resolve("extracted");
        assertThat(run(ClassDataSharing.extract(JAVA, this.execJar, extracted), "extract").exitCode()).isZero();
        Path jar = extracted.resolve(this.execJar.getFileName());
        Path archive = this.workDir.resolve("app.jsa");

        Result training = run(ClassDataSharing.training(JAVA, archive, jar), "training");
        assertThat(training.exitCode()).as(training.output()).isZero();
        assertThat(archive).isRegularFile();

        List<String> withArchive = new ArrayList<>(List.of(JAVA, "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-Xlog:class+load=info"));
        withArchive.addAll(ClassDataSharing.TRAINING_OPTIONS);
        withArchive.addAll(List.of("-jar", jar.toString()));
        Result mapped = run(withArchive, "with-archive");
        assertThat(mapped.exitCode()).as(mapped.output()).isZero();
        assertThat(mapped.output()).contains(FROM_ARCHIVE);
    }

    @Test
    void execJarStillRunsWithoutAnArchive() throws Exception {
        List<String> plain = new ArrayList<>(List.of(JAVA, "-Xlog:class+load=info"));
        plain.addAll(ClassDataSharing.TRAINING_OPTIONS);
        plain.addAll(List.of("-jar", this.execJar.toString()));
        Result result = run(plain, "exec-jar");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("io.heartbeat.consumer.ConsumerApplication source: jar:nested:")
            .doesNotContain(FROM_ARCHIVE);
    }

    // Runs offline: every setting the service reads removed, then pointed at nothing listening.
    private Result run(List<String> command, String name) throws IOException, InterruptedException {
        Path output = this.workDir.resolve(name + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(this.workDir.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile());
        EnvironmentVariables.ALL.forEach((variable) -> builder.environment().remove(variable.name()));
        builder.environment().putAll(ClassDataSharing.NOTHING_TO_REACH);
        builder.environment().put("LOG_DIR", this.workDir.resolve("logs-" + name).toString());
        builder.environment().put("SERVER_PORT", "0");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not exit within 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
