package io.heartbeat.local.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Freezes a running PostgreSQL server with SIGSTOP and thaws it with SIGCONT: every process of the server, the
 * postmaster (from its {@code postmaster.pid}) and all its children. A frozen server keeps its sockets open and the
 * kernel still accepts connections for it, but it answers nothing: what a hung host or a partition looks like to a
 * client, short of the network itself.
 */
final class FrozenPostgres {

    private final long postmaster;

    private List<Long> frozen = List.of();

    FrozenPostgres(Path dataDir) {
        try {
            this.postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"),
                    StandardCharsets.UTF_8).get(0).strip());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("No postmaster.pid in " + dataDir, ex);
        }
    }

    /**
     * Stops the postmaster first, so it forks no process the signal would miss, then its children.
     * @return how many processes were stopped
     */
    int freeze() {
        signal("STOP", List.of(this.postmaster));
        List<Long> children = new ArrayList<>();
        ProcessHandle.of(this.postmaster).orElseThrow().descendants().forEach((child) -> children.add(child.pid()));
        signal("STOP", children);
        List<Long> all = new ArrayList<>(children);
        all.add(this.postmaster);
        this.frozen = all;
        return all.size();
    }

    /** Sends SIGCONT to every process {@link #freeze()} stopped. */
    void thaw() {
        signal("CONT", this.frozen);
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach((pid) -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
