package io.heartbeat.local.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code /bin/sh} process that stops the embedded PostgreSQL when the launcher dies without doing so
 * (docs/local-mode.md, "After a crash"; where it cannot help, {@link LeftoverServer} does).
 */
final class PostgresWatchdog implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PostgresWatchdog.class);

    private static final Path SHELL = Path.of("/bin/sh");

    // $1 the data directory, $2 the postmaster's pid. Ctrl+C and a closed terminal reach the whole process group,
    // and the launcher then stops the server itself; a pid reused after the server ended is left alone.
    private static final String SCRIPT = """
            trap '' HUP INT
            if read -r stopping; then exit 0; fi
            read -r running < "$1/postmaster.pid" 2>/dev/null && [ "$running" = "$2" ] && kill -INT "$2"
            """;

    private final Process process;

    private PostgresWatchdog(Process process) {
        this.process = process;
    }

    /** Starts watching the server {@code pid} on {@code dataDir}; {@code null} where it cannot (no shell). */
    static @Nullable PostgresWatchdog watch(Path dataDir, long pid) {
        if (!Files.isExecutable(SHELL)) {
            logger.debug("No {}: the next start stops a server this launcher leaves running", SHELL);
            return null;
        }
        try {
            Process process = new ProcessBuilder(SHELL.toString(), "-c", SCRIPT, "heartbeat-local-watchdog",
                    dataDir.toString(), String.valueOf(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return new PostgresWatchdog(process);
        }
        catch (IOException ex) {
            logger.warn("Could not start a watchdog for PostgreSQL (pid {}); if this launcher is killed, the next"
                    + " start stops the server it leaves", pid, ex);
            return null;
        }
    }

    /** Tells the watchdog the launcher stops the server itself, and waits until it has gone. */
    @Override
    public void close() {
        try (OutputStream pipe = this.process.getOutputStream()) {
            pipe.write('\n');
        }
        catch (IOException ex) {
            // Gone already (killed with the process group): nothing to tell.
        }
        try {
            if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
                this.process.destroy();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
