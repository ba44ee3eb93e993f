package io.heartbeat.producer.episode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeLogTests {

    private static final Episode TACHYCARDIA = new Episode("patient-0003", EpisodeKind.TACHYCARDIA,
            Instant.parse("2026-11-25T10:00:00.100Z"), Instant.parse("2026-11-25T10:00:59.100Z"),
            Episode.Origin.INJECTED);

    private static final Episode DROPOUT = new Episode("patient-0010", EpisodeKind.DROPOUT,
            Instant.parse("2026-11-25T10:05:00Z"), Instant.parse("2026-11-25T10:06:00.900Z"),
            Episode.Origin.INJECTED);

    private static final Episode CHANCE_RUN = new Episode("patient-0007", EpisodeKind.BRADYCARDIA,
            Instant.parse("2026-11-25T10:07:00.500Z"), Instant.parse("2026-11-25T10:07:04.500Z"),
            Episode.Origin.CHANCE);

    @TempDir
    private Path folder;

    @Test
    void writesOneJsonLinePerEpisode() throws IOException {
        Path file = this.folder.resolve("episodes.jsonl");
        try (EpisodeLog log = new EpisodeLog(file)) {
            log.accept(TACHYCARDIA);
            log.accept(DROPOUT);
            log.accept(CHANCE_RUN);
        }

        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"patient_id\":\"patient-0003\",\"kind\":\"tachycardia\",\"start\":\"2026-11-25T10:00:00.100Z\","
                        + "\"end\":\"2026-11-25T10:00:59.100Z\",\"origin\":\"injected\"}",
                "{\"patient_id\":\"patient-0010\",\"kind\":\"dropout\",\"start\":\"2026-11-25T10:05:00Z\","
                        + "\"end\":\"2026-11-25T10:06:00.900Z\",\"origin\":\"injected\"}",
                "{\"patient_id\":\"patient-0007\",\"kind\":\"bradycardia\",\"start\":\"2026-11-25T10:07:00.500Z\","
                        + "\"end\":\"2026-11-25T10:07:04.500Z\",\"origin\":\"chance\"}");
        assertThat(EpisodeLog.read(file)).containsExactly(TACHYCARDIA, DROPOUT, CHANCE_RUN);
    }

    @Test
    void readsALineWithoutOriginAsInjected() throws IOException {
        Path file = this.folder.resolve("episodes.jsonl");
        Files.writeString(file, "{\"patient_id\":\"patient-0003\",\"kind\":\"tachycardia\","
                + "\"start\":\"2026-11-25T10:00:00.100Z\",\"end\":\"2026-11-25T10:00:59.100Z\"}\n");

        assertThat(EpisodeLog.read(file)).containsExactly(TACHYCARDIA);
    }

    @Test
    void eachEpisodeIsOnDiskOnceRecorded() throws IOException {
        Path file = this.folder.resolve("episodes.jsonl");
        try (EpisodeLog log = new EpisodeLog(file)) {
            log.accept(TACHYCARDIA);

            assertThat(EpisodeLog.read(file)).containsExactly(TACHYCARDIA);
        }
    }

    @Test
    void appendsToAnExistingFileAndCreatesMissingFolders() throws IOException {
        Path file = this.folder.resolve("runs/today/episodes.jsonl");
        try (EpisodeLog log = new EpisodeLog(file)) {
            log.accept(TACHYCARDIA);
        }
        try (EpisodeLog log = new EpisodeLog(file)) {
            log.accept(DROPOUT);
        }

        assertThat(EpisodeLog.read(file)).containsExactly(TACHYCARDIA, DROPOUT);
    }
}
