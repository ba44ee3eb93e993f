package io.heartbeat.producer.episode;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The episodes file (EPISODES_FILE), one JSON line per finished episode, flushed at once (docs/producer.md,
 * "Episodes"); a failed write is only logged: missing ground truth is no reason to stop the readings.
 */
public final class EpisodeLog implements Consumer<Episode>, Closeable {

    private static final Logger logger = LoggerFactory.getLogger(EpisodeLog.class);

    private final Path file;

    private final BufferedWriter writer;

    /** Opens {@code file} for appending, creating it and its folders when missing. */
    public EpisodeLog(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        this.file = file;
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void accept(Episode episode) {
        try {
            this.writer.write(toJson(episode));
            this.writer.newLine();
            this.writer.flush();
        }
        catch (IOException ex) {
            logger.warn("Could not record {} episode of {} in {}: {}", label(episode.kind()), episode.patientId(),
                    this.file, ex.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        this.writer.close();
    }

    /** One line of the file. */
    public static String toJson(Episode episode) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("patient_id", episode.patientId());
        fields.put("kind", label(episode.kind()));
        fields.put("start", episode.start().toString());
        fields.put("end", episode.end().toString());
        fields.put("origin", label(episode.origin()));
        return JsonMapper.shared().writeValueAsString(fields);
    }

    // The file's kind and origin: tachycardia, dropout, injected, chance, ...
    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Reads an episodes file back, in the order the episodes ended. */
    public static List<Episode> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter((line) -> !line.isBlank())
                .map(EpisodeLog::fromJson)
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    // A line without origin, from a file of an earlier version, reads as injected.
    static Episode fromJson(String line) {
        JsonNode json = JsonMapper.shared().readTree(line);
        return new Episode(json.path("patient_id").asString(),
                EpisodeKind.valueOf(json.path("kind").asString().toUpperCase(Locale.ROOT)),
                Instant.parse(json.path("start").asString()), Instant.parse(json.path("end").asString()),
                Episode.Origin.valueOf(json.path("origin").asString("injected").toUpperCase(Locale.ROOT)));
    }
}
