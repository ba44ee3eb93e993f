package io.heartbeat.contract;

import java.nio.charset.StandardCharsets;

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
                .append("\",\"").append(PATIENT_ID).append("\":");
        appendString(json, event.patientId());
        json.append(",\"").append(TIMESTAMP).append("\":\"").append(event.timestamp())
                .append("\",\"").append(HEARTBEAT_VALUE).append("\":")
                .append(event.heartbeatValue() == null ? "null" : event.heartbeatValue().toPlainString())
                .append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    // Not Jackson's JsonStringEncoder: measured slower on this path, 282-345 ns against 242-256 ns per event (0d04c32).
    static void appendString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
