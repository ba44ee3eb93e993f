package io.heartbeat.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import io.heartbeat.testsupport.ProjectFiles;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The scripts of db/citus (docs/scaling.md, "Past one machine") as the Citus tests read and run them.
 */
final class CitusScripts {

    private CitusScripts() {
    }

    /** Runs db/citus/keys.sql, whole, as psql -f would send it. */
    static void runKeys(JdbcTemplate database) {
        database.execute(read("db/citus/keys.sql"));
    }

    /** The text of db/citus/distribute.sql, which needs the citus extension and so is only read. */
    static String distribute() {
        return read("db/citus/distribute.sql");
    }

    private static String read(String path) {
        try {
            return Files.readString(ProjectFiles.resolve(path));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
