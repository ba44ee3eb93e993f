package io.heartbeat.consumer.api;

import java.util.List;

/**
 * A patient's newest readings, newest first.
 *
 * @param patientId the patient
 * @param readings at most the requested number of readings
 */
public record RecentReadings(String patientId, List<ReadingView> readings) {
}
