package io.heartbeat.contract;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * Writes {@link HeartbeatEvent}s in the wire format; the field names are the contract.
 */
public final class HeartbeatJson {

    public static final String EVENT_ID = "event_id";
    public static final String PATIENT_ID = "patient_id";
    public static final String TIMESTAMP = "timestamp";
    public static final String HEARTBEAT_VALUE = "heartbeat_value";

    private HeartbeatJson() {
    }

    /** Serialises an event as UTF-8 JSON; hand-written because the producer's hot path does nothing else. */
    public static byte[] toJson(HeartbeatEvent event) {
        StringBuilder json = new StringBuilder(128)
                .append("{\"").append(EVENT_ID).append("\":\"").append(event.eventId())
                .append("\",\"").append(PATIENT_ID).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(event.patientId(), json);
        json.append("\",\"").append(TIMESTAMP).append("\":\"").append(event.timestamp())
                .append("\",\"").append(HEARTBEAT_VALUE).append("\":")
                .append(event.heartbeatValue() == null ? "null" : event.heartbeatValue().toPlainString())
                .append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
