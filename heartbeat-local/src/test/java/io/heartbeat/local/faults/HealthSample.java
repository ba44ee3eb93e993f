package io.heartbeat.local.faults;

import java.time.Duration;

/**
 * One answer of {@code /actuator/health}.
 *
 * @param at when the request was sent, from the start of the fault
 * @param took how long the answer took
 * @param status its HTTP status, 0 when none came in time
 * @param body the answer (components and their statuses), or the failure
 */
record HealthSample(Duration at, Duration took, int status, String body) {

    boolean isDown(String component) {
        return this.body.contains("\"" + component + "\":{\"status\":\"DOWN\"");
    }
}
