package io.heartbeat.local.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The lines of {@code postmaster.pid} that identify a running server, in the order of PostgreSQL's miscadmin.h. */
record PostmasterPid(Path file, long pid, String dataDir, long startedAt, int port) {

    /** Tolerance between the start time PostgreSQL writes and the one the operating system reports. */
    private static final long START_TOLERANCE_SECONDS = 5;

    static Optional<PostmasterPid> read(Path dataDir) {
        Path file = dataDir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            return Optional.empty(); // none, or gone meanwhile: no server left running
        }
        try {
            return Optional.of(new PostmasterPid(file, Long.parseLong(lines.get(0).strip()), lines.get(1).strip(),
                    Long.parseLong(lines.get(2).strip()), Integer.parseInt(lines.get(3).strip())));
        }
        catch (IndexOutOfBoundsException | NumberFormatException ex) {
            // Written only in part: a server that died while starting. PostgreSQL handles that itself.
            return Optional.empty();
        }
    }

    /**
     * Whether {@code process} is this file's server, so a pid reused by another program is never signalled (compared
     * as local-mode.md, "After a crash", says); what the platform does not report is not compared.
     */
    boolean isRunBy(ProcessHandle.Info process, Path dataDir) {
        boolean postgres = process.command().map((command) -> Path.of(command).getFileName().toString()
                .toLowerCase(Locale.ROOT)).filter((name) -> name.equals("postgres") || name.equals("postgres.exe"))
                .isPresent();
        boolean sameStart = process.startInstant()
                .map((start) -> Math.abs(start.getEpochSecond() - this.startedAt) <= START_TOLERANCE_SECONDS)
                .orElse(true);
        boolean sameDirectory = Path.of(this.dataDir).equals(dataDir) && process.arguments()
                .map((arguments) -> List.of(arguments).contains(dataDir.toString())).orElse(true);
        return postgres && sameStart && sameDirectory;
    }
}
