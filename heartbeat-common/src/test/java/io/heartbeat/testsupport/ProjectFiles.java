package io.heartbeat.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of the repository (db/, grafana/, docs/ ...) seen from a module's tests, whose working directory is the
 * module's own folder.
 */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The repository root: the nearest folder upwards that holds {@code mvnw}. */
    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No mvnw above " + Path.of("").toAbsolutePath());
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
