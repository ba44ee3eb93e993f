package io.heartbeat.consumer.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's class data sharing lines, which Docker cannot build here: the exec jar extracted, the training run
 * {@link ClassDataSharingIntegrationTests} proves offline, and the service started with its archive.
 */
class DockerfileTests {

    private final String dockerfile = read();

    @Test
    void buildStageExtractsTheExecJarUnderTheNameTheImageRuns() {
        assertThat(this.dockerfile).contains("java -Djarmode=tools -jar heartbeat-${SERVICE}/target/"
                + "heartbeat-${SERVICE}-exec.jar extract --destination /extracted --application-filename app.jar")
            .contains("COPY --from=build /extracted/ /app/");
    }

    @Test
    void trainingRunIsTheTestedOneOnTheClasspathTheServiceRuns() {
        String training = String.join(" ", List.of("java", "-XX:MaxRAMPercentage=75",
                "-XX:ArchiveClassesAtExit=/app/app.jsa", String.join(" ", ClassDataSharing.TRAINING_OPTIONS),
                "-jar", "/app/app.jar"));
        assertThat(this.dockerfile).contains("RUN LOG_DIR=/tmp/cds-training-logs " + training + " &&");
    }

    @Test
    void serviceStartsWithTheArchiveAndTheTrainingRunsJvmOptions() {
        assertThat(this.dockerfile).contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", "
                + "\"-XX:SharedArchiveFile=/app/app.jsa\", \"-jar\", \"/app/app.jar\"]");
    }

    @Test
    void trainingRunsInTheImageThatRunsTheService() {
        // A dynamic archive only maps into the very JVM build that wrote it.
        List<String> lines = Arrays.asList(this.dockerfile.split("\n"));
        int runtimeStage = lines.indexOf("FROM eclipse-temurin:17-jre");
        int training = indexOfFirst(lines, "RUN LOG_DIR=/tmp/cds-training-logs");
        assertThat(runtimeStage).isPositive();
        assertThat(training).isGreaterThan(runtimeStage);
        assertThat(lines.subList(runtimeStage + 1, lines.size())).noneMatch((line) -> line.startsWith("FROM "));
    }

    private static int indexOfFirst(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    // Continuation lines joined, so each instruction reads as one line.
    private static String read() {
        try {
            return Files.readString(ProjectFiles.resolve("Dockerfile")).replaceAll(" *\\\\\\n *", " ");
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
