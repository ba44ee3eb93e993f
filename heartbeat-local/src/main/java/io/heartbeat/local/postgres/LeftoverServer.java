package io.heartbeat.local.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that an earlier launcher, killed, left running on its data directory, found by its
 * {@code postmaster.pid} and stopped (docs/local-mode.md, "After a crash": the next start).
 */
final class LeftoverServer {

    private static final Logger logger = LoggerFactory.getLogger(LeftoverServer.class);

    /** zonky's lock file in the data directory, held by the JVM whose server runs on it, released when it dies. */
    private static final String LAUNCHER_LOCK = "epg-lock";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private LeftoverServer() {
    }

    /** Stops the server a dead launcher left on {@code dataDir}; fails in one line when a live one uses it. */
    static void stopIfRunning(Path dataDir) {
        Optional<PostmasterPid> pidFile = PostmasterPid.read(dataDir);
        if (pidFile.isEmpty()) {
            return;
        }
        requireNoLiveLauncher(dataDir);
        PostmasterPid recorded = pidFile.get();
        Optional<ProcessHandle> process = ProcessHandle.of(recorded.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // A stale file of a server that died: PostgreSQL removes it itself when it starts.
        }
        if (!recorded.isRunBy(process.get().info(), dataDir)) {
            // The pid was reused by another program since the server died; PostgreSQL would refuse to start
            // while that program lives, and no server of this directory can be running under another pid.
            logger.warn("{} names pid {}, which is now another program; removing the stale file",
                    recorded.file(), recorded.pid());
            delete(recorded.file());
            return;
        }
        logger.warn("PostgreSQL (pid {}, port {}) was left running on {} by a launcher that did not stop it;"
                + " stopping it", recorded.pid(), recorded.port(), dataDir);
        stop(process.get(), dataDir);
    }

    /** A {@link #LAUNCHER_LOCK} that can be taken means the launcher that held it is gone. */
    private static void requireNoLiveLauncher(Path dataDir) {
        Path lockFile = dataDir.resolve(LAUNCHER_LOCK);
        if (!Files.exists(lockFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock != null) {
                return;
            }
        }
        catch (OverlappingFileLockException ex) {
            // Held by this very JVM: a server it started and has not stopped.
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not check " + lockFile, ex);
        }
        throw new IllegalStateException("another heartbeat-local is running on " + dataDir
                + " (only one launcher may use a data directory at a time; stop it, or choose another --data-dir)");
    }

    private static void stop(ProcessHandle postmaster, Path dataDir) {
        if (!fastShutdown(postmaster, dataDir)) {
            // SIGTERM: a smart shutdown, which waits for clients; the dead launcher's connections are gone.
            postmaster.destroy();
        }
        try {
            postmaster.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL (pid " + postmaster.pid() + ")");
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("PostgreSQL left running on " + dataDir + " (pid " + postmaster.pid()
                    + ") did not stop within " + STOP_TIMEOUT.toSeconds() + " s; stop it and start again");
        }
        logger.info("PostgreSQL left running on {} stopped", dataDir);
    }

    /**
     * {@code pg_ctl stop -m fast} from the server's own binaries, as zonky stops its servers (through
     * {@code unshare -U} where zonky uses it, as PostgreSQL refuses to run as root); false when it could not be run.
     */
    private static boolean fastShutdown(ProcessHandle postmaster, Path dataDir) {
        Optional<Path> pgCtl = postmaster.info().command().map(Path::of)
                .map((postgres) -> postgres.resolveSibling(postgres.getFileName().toString()
                        .replace("postgres", "pg_ctl")))
                .filter(Files::isExecutable);
        if (pgCtl.isEmpty()) {
            return false;
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.get().toString(), "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t",
                String.valueOf(STOP_TIMEOUT.toSeconds())));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() == 0;
        }
        catch (IOException ex) {
            logger.debug("Could not run {}", command, ex);
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not remove " + file, ex);
        }
    }
}
