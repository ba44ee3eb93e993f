package io.heartbeat.consumer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original project's producer's payloads ({@code fixtures/original-producer-payloads.jsonl}, a copy of
 * {@code shared/fixtures/original-producer-payloads.jsonl}), byte for byte, one a line, and what each says.
 */
final class OriginalPayloads {

    private static final String RESOURCE = "/fixtures/original-producer-payloads.jsonl";

    private OriginalPayloads() {
    }

    /** Every line of the fixture, without its line feed, in order. */
    static List<OriginalPayload> read() {
        byte[] file;
        try (InputStream in = OriginalPayloads.class.getResourceAsStream(RESOURCE)) {
            file = in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<OriginalPayload> payloads = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] == '\n') {
                payloads.add(OriginalPayload.of(Arrays.copyOfRange(file, start, i)));
                start = i + 1;
            }
        }
        if (start != file.length) {
            throw new IllegalStateException(RESOURCE + " does not end with a line feed");
        }
        return payloads;
    }

    /** One payload: its bytes, and its fields as the original wrote them. */
    record OriginalPayload(byte[] bytes, String patientId, String timestamp, BigDecimal value) {

        static OriginalPayload of(byte[] bytes) {
            JsonNode json = JsonMapper.shared().readTree(bytes);
            return new OriginalPayload(bytes, json.get("patient_id").stringValue(), json.get("timestamp").stringValue(),
                    json.get("heartbeat_value").decimalValue());
        }

        /** The timestamp read as UTC, by the JDK's own parser: what {@code datetime.utcnow()} meant. */
        Instant timestampAsUtc() {
            return LocalDateTime.parse(this.timestamp).toInstant(ZoneOffset.UTC);
        }

        String text() {
            return new String(this.bytes, StandardCharsets.UTF_8);
        }
    }
}
