package io.heartbeat.consumer.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The consumer's CDS training run as the Dockerfile makes it: the extracted jar started until its context is
 * refreshed, with nothing to reach, so it runs at image build time. It skips what would connect before that point,
 * Flyway (and the PostgreSQL version check it runs) and the topic declaration; the serving run does both.
 */
final class ClassDataSharing {

    /** The training run's options after {@code -XX:ArchiveClassesAtExit=<archive>}, in the Dockerfile's order. */
    static final List<String> TRAINING_OPTIONS = List.of("-Dspring.context.exit=onRefresh",
            "-Dspring.flyway.enabled=false", "-Dspring.kafka.admin.auto-create=false");

    /** Settings that point at nothing listening, so the test shows the training run needs no broker or database. */
    static final Map<String, String> NOTHING_TO_REACH = Map.of("KAFKA_BROKER", "127.0.0.1:9",
            "POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT", "9");

    private ClassDataSharing() {
    }

    /** {@code java -Djarmode=tools -jar <execJar> extract --destination <destination>}. */
    static List<String> extract(String java, Path execJar, Path destination) {
        return List.of(java, "-Djarmode=tools", "-jar", execJar.toString(), "extract", "--force", "--destination",
                destination.toString());
    }

    /** The training run of the extracted {@code jar}, writing {@code archive} when the JVM exits. */
    static List<String> training(String java, Path archive, Path jar) {
        return trainingWith(java, "-XX:ArchiveClassesAtExit=" + archive, jar);
    }

    /**
     * The same training run on a JDK 25 or later, writing an AOT cache (JEP 483, 514, 515: classes loaded and
     * linked, and method profiles) when the JVM exits; a JDK 17 refuses the option.
     */
    static List<String> aotCacheTraining(String java, Path cache, Path jar) {
        return trainingWith(java, "-XX:AOTCacheOutput=" + cache, jar);
    }

    private static List<String> trainingWith(String java, String output, Path jar) {
        List<String> command = new ArrayList<>(List.of(java, output));
        command.addAll(TRAINING_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }
}
