package io.heartbeat.local.bench;

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

    private final Map<String, Supplier<Stream<ProcessHandle>>> roles = new LinkedHashMap<>();

    /** Counts {@code processes} (evaluated at each reading, so new children count too) as {@code role}. */
    CpuTimes add(String role, Supplier<Stream<ProcessHandle>> processes) {
        this.roles.put(role, processes);
        return this;
    }

    /** CPU time used so far, per role. */
    Map<String, Duration> now() {
        Map<String, Duration> used = new LinkedHashMap<>();
        this.roles.forEach((role, processes) -> used.put(role, processes.get()
            .map((process) -> process.info().totalCpuDuration().orElse(Duration.ZERO))
            .reduce(Duration.ZERO, Duration::plus)));
        return used;
    }

    /** Seconds of CPU each role used since {@code before}. */
    Map<String, Object> since(Map<String, Duration> before) {
        Map<String, Object> seconds = new LinkedHashMap<>();
        now().forEach((role, used) -> seconds.put(role,
                Math.round(used.minus(before.getOrDefault(role, Duration.ZERO)).toMillis() / 10.0) / 100.0));
        return seconds;
    }

    /** A process and all its descendants, e.g. PostgreSQL's postmaster and its backends. */
    static Stream<ProcessHandle> withDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants());
    }
}
