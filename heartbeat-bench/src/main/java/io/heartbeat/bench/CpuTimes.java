package io.heartbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time the processes of a run used, by role (the consumer's JVM, the launcher's JVM with the embedded broker,
 * the embedded PostgreSQL with its backends), so a result shows where the cores went.
 */
final class CpuTimes {

    // Linux reports a process's reaped children in clock ticks, USER_HZ, which is 100 on every architecture it
    // exposes to user space that a JDK runs on.
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Map<String, Supplier<Duration>> roles = new LinkedHashMap<>();

    /** Counts the CPU {@code used} reports (read at each reading) as {@code role}. */
    CpuTimes add(String role, Supplier<Duration> used) {
        this.roles.put(role, used);
        return this;
    }

    /** CPU time used so far, per role. */
    Map<String, Duration> now() {
        Map<String, Duration> used = new LinkedHashMap<>();
        this.roles.forEach((role, reading) -> used.put(role, reading.get()));
        return used;
    }

    /** Seconds of CPU each role used since {@code before}. */
    Map<String, Object> since(Map<String, Duration> before) {
        Map<String, Object> seconds = new LinkedHashMap<>();
        now().forEach((role, used) -> seconds.put(role,
                Math.round(used.minus(before.getOrDefault(role, Duration.ZERO)).toMillis() / 10.0) / 100.0));
        return seconds;
    }

    /** The CPU time {@code process} has used, not counting its children. */
    static Duration of(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * A process, its live descendants and the children it reaped: without those, one exiting between two readings
     * would take its time with it, and the difference could even be negative.
     */
    static Duration withDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants())
            .map(CpuTimes::of)
            .reduce(reapedChildren(process), Duration::plus);
    }

    /** The CPU time of the children {@code process} has waited for, and theirs; zero without {@code /proc}. */
    static Duration reapedChildren(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The command name, in parentheses, may hold spaces: count the fields from after it. What follows is
            // field 3 (state), so cutime (16) and cstime (17) are the 14th and 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return Duration.ofNanos(ticks * NANOS_PER_TICK);
        }
        catch (IOException | NumberFormatException | IndexOutOfBoundsException ex) {
            return Duration.ZERO;
        }
    }
}
