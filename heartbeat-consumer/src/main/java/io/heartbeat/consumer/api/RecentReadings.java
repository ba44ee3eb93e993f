package io.heartbeat.consumer.api;

import java.util.List;

/** A patient's newest readings, newest first, at most the number requested. */
public record RecentReadings(String patientId, List<ReadingView> readings) {
}
