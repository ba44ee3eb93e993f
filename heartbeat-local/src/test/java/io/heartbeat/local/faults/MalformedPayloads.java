package io.heartbeat.local.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;

/**
 * Bad input from one seed: random bytes, truncated and deeply nested JSON, numbers beyond double, wrong types,
 * empty strings, unicode, control characters, unpaired surrogates and invalid UTF-8, megabyte strings and SQL
 * injection in {@code patient_id}; each payload with the row the consumer must store for it, worked out from the
 * rules (docs/architecture.md), not by the classifier.
 */
final class MalformedPayloads {

    private static final String UNKNOWN = HeartbeatClassifier.UNKNOWN_PATIENT;

    private static final int MEGABYTE = 1024 * 1024;

    private static final List<String> SQL_INJECTIONS = List.of("'; DROP TABLE heartbeats; --", "1' OR '1'='1",
            "x'); DELETE FROM heartbeat_alerts; --", "$$; TRUNCATE heartbeats CASCADE; $$",
            "\\'; DROP TABLE heartbeats; --", "\"; DROP TABLE heartbeats; --",
            "' UNION SELECT * FROM pg_authid --", "%' OR 1=1 --", "'); COPY heartbeats TO '/tmp/x'; --",
            "p-1'||pg_sleep(10)||'");

    private static final List<String> UNICODE_IDS = List.of("patient-😀", "مريض-٠٠١", "患者-七", "pat\u200bient",
            "pa\u0301tient-e\u0301", "\ufeffpatient", "patient-\u202eRTL", "ü-ß-ø-Ω-∑",
            "patient-\ud83d\udc68\u200d\u2695");

    /** One payload and the row it must become. */
    record Payload(String kind, byte[] bytes, ValidationStatus status, AnomalyType anomaly, String patientId) {
    }

    private final Random random;

    private final List<Payload> payloads = new ArrayList<>();

    private MalformedPayloads(long seed) {
        this.random = new Random(seed);
    }

    static List<Payload> generate(long seed) {
        MalformedPayloads generator = new MalformedPayloads(seed);
        for (int i = 0; i < 300; i++) {
            generator.randomBytes(generator.random.nextInt(300));
        }
        for (int i = 0; i < 200; i++) {
            generator.truncated();
        }
        for (int i = 0; i < 60; i++) {
            generator.deeplyNested();
        }
        for (int i = 0; i < 80; i++) {
            generator.beyondDouble();
        }
        for (int i = 0; i < 120; i++) {
            generator.wrongType();
        }
        for (int i = 0; i < 60; i++) {
            generator.emptyString();
        }
        for (int i = 0; i < 200; i++) {
            generator.unicodeOrControl();
        }
        generator.megabyteStrings();
        SQL_INJECTIONS.forEach(generator::sqlInjection);
        return List.copyOf(generator.payloads);
    }

    private void randomBytes(int length) {
        byte[] bytes = new byte[length];
        this.random.nextBytes(bytes);
        corrupt("random bytes", bytes);
    }

    private void truncated() {
        byte[] whole = utf8(reading(quote(patient()), timestamp(), "72"));
        corrupt("truncated JSON", Arrays.copyOf(whole, this.random.nextInt(whole.length)));
    }

    // Deeper than the parser's limit (500): refused by the parser, so not JSON to the classifier.
    private void deeplyNested() {
        int depth = 501 + this.random.nextInt(20_000);
        String nested = this.random.nextBoolean()
                ? "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
                : reading(quote(patient()), timestamp(), "[".repeat(depth) + "]".repeat(depth));
        corrupt("deeply nested JSON", utf8(nested));
    }

    private void beyondDouble() {
        String patient = quote(patient());
        String stored = unquote(patient);
        int exponent = 309 + this.random.nextInt(690);
        switch (this.random.nextInt(6)) {
            case 0 -> add("beyond double", reading(patient, timestamp(), "1e" + exponent),
                    AnomalyType.OVERFLOW_VALUE, stored);
            case 1 -> add("beyond double", reading(patient, timestamp(), "-1e" + exponent),
                    AnomalyType.NEGATIVE_VALUE, stored);
            case 2 -> add("beyond double", reading(patient, timestamp(), "1e-" + exponent),
                    AnomalyType.LOW_BPM, stored);
            // Beyond the digits the column keeps: still classified, stored with heartbeat_value NULL.
            case 3 -> add("beyond double", reading(patient, timestamp(), "9e" + (1_001 + exponent * 50)),
                    AnomalyType.OVERFLOW_VALUE, stored);
            // Longer than the parser's limit on a number (1,000 characters).
            case 4 -> add("beyond double", reading(patient, timestamp(), digits(1_001 + exponent)),
                    AnomalyType.MALFORMED_JSON, UNKNOWN);
            default -> add("beyond double", reading(patient, timestamp(), pick(List.of("NaN", "Infinity",
                    "-Infinity"))), AnomalyType.MALFORMED_JSON, UNKNOWN);
        }
    }

    private void wrongType() {
        String patient = quote(patient());
        String stored = unquote(patient);
        switch (this.random.nextInt(5)) {
            case 0 -> add("wrong type", reading(patient, timestamp(), pick(List.of("\"72\"", "true", "[]", "[72]",
                    "{}", "{\"bpm\":72}"))), AnomalyType.PARSING_ERROR, stored);
            case 1 -> add("wrong type", reading(pick(List.of("1234", "null", "[\"p\"]", "{\"id\":\"p\"}", "true")),
                    timestamp(), "72"), AnomalyType.INVALID_PATIENT_ID, UNKNOWN);
            case 2 -> add("wrong type", reading(patient, pick(List.of("1767225600", "null", "\"2026-03-01 10:00:00\"",
                    "\"2026-03-01T10:00:00+0100\"", "\"yesterday\"", "\"10000-01-01T00:00:00Z\"")), "72"),
                    AnomalyType.INVALID_TIMESTAMP, stored);
            // An unusable event id is no fault of the reading: the consumer keys it by its Kafka coordinates.
            case 3 -> add("wrong type", reading(patient, timestamp(), "72").replaceFirst("\"event_id\":\"[^\"]*\"",
                    "\"event_id\":42"), null, stored);
            default -> add("wrong type", pick(List.of("[1,2]", "\"x\"", "72", "null", "true")),
                    AnomalyType.MALFORMED_JSON, UNKNOWN);
        }
    }

    private void emptyString() {
        String patient = quote(patient());
        String stored = unquote(patient);
        switch (this.random.nextInt(8)) {
            case 0 -> add("empty string", reading("\"\"", timestamp(), "72"), AnomalyType.INVALID_PATIENT_ID, UNKNOWN);
            case 1 -> add("empty string", reading("\"   \"", timestamp(), "72"), AnomalyType.INVALID_PATIENT_ID,
                    UNKNOWN);
            case 2 -> add("empty string", reading(patient, "\"\"", "72"), AnomalyType.INVALID_TIMESTAMP, stored);
            case 3 -> add("empty string", reading(patient, timestamp(), "\"\""), AnomalyType.PARSING_ERROR, stored);
            case 4 -> add("empty string", reading(patient, timestamp(), "72").replaceFirst("\"event_id\":\"[^\"]*\"",
                    "\"event_id\":\"\""), null, stored);
            case 5 -> add("empty string", "{\"patient_id\":" + patient + ",\"timestamp\":" + timestamp() + "}",
                    AnomalyType.MISSING_FIELD, stored);
            case 6 -> add("empty string", "{}", AnomalyType.MISSING_FIELD, UNKNOWN);
            default -> add("empty string", "", AnomalyType.MALFORMED_JSON, UNKNOWN);
        }
    }

    private void unicodeOrControl() {
        String timestamp = timestamp();
        switch (this.random.nextInt(6)) {
            case 0 -> {
                String patient = pick(UNICODE_IDS);
                add("unicode", reading(quote(patient), timestamp, "72"), null, patient);
            }
            // Escaped control characters (C0 with NUL, DEL, C1) make a patient id unusable.
            case 1 -> add("control character", reading(String.format("\"p-\\u%04x-1\"", controlCharacter()),
                    timestamp, "72"), AnomalyType.INVALID_PATIENT_ID, UNKNOWN);
            // Half a surrogate pair has no UTF-8 form, so PostgreSQL could not store the id as sent.
            case 5 -> add("unpaired surrogate", reading(pick(List.of("\"p-\\ud800-1\"", "\"p-\\udfff\"",
                    "\"\\ude00\\ud83d\"")), timestamp, "72"), AnomalyType.INVALID_PATIENT_ID, UNKNOWN);
            // JSON forbids raw control characters in strings, NUL included.
            case 2 -> corrupt("control character", withRawByte(reading("\"p-", timestamp, "72"),
                    this.random.nextInt(0x20), "-1\""));
            // Bytes that are never UTF-8, and a broken two-byte sequence.
            case 3 -> corrupt("invalid UTF-8", withRawByte(reading("\"p-", timestamp, "72"), 0xff, "-1\""));
            default -> corrupt("invalid UTF-8", withRawByte(reading("\"p-", timestamp, "72"), 0xc3, "(-1\""));
        }
    }

    private void megabyteStrings() {
        String patient = patient();
        String megabyte = "m".repeat(MEGABYTE);
        add("1 MB string", reading(quote(megabyte), timestamp(), "72"), AnomalyType.INVALID_PATIENT_ID, UNKNOWN);
        add("1 MB string", reading(quote(patient), quote(megabyte), "72"), AnomalyType.INVALID_TIMESTAMP, patient);
        add("1 MB string", reading(quote(patient), timestamp(), quote(megabyte)), AnomalyType.PARSING_ERROR, patient);
        add("1 MB string", reading(quote(patient), timestamp(), "72").replace("}", ",\"note\":" + quote(megabyte)
                + "}"), null, patient);
        add("1 MB string", "{" + quote(megabyte) + ":1}", AnomalyType.MALFORMED_JSON, UNKNOWN);
        add("1 MB string", reading(quote(patient), timestamp(), digits(MEGABYTE)), AnomalyType.MALFORMED_JSON, UNKNOWN);
        randomBytes(MEGABYTE);
    }

    // Stored verbatim, as data: the statement binds every value as a parameter.
    private void sqlInjection(String patient) {
        boolean valid = this.random.nextBoolean();
        add("SQL injection", reading(quote(patient), timestamp(), valid ? "72" : "150"),
                valid ? null : AnomalyType.HIGH_BPM, patient);
    }

    private void add(String kind, String json, AnomalyType anomaly, String patientId) {
        ValidationStatus status = (anomaly != null) ? anomaly.status() : ValidationStatus.VALID;
        this.payloads.add(new Payload(kind, utf8(json), status, anomaly, patientId));
    }

    // Bytes that are not a JSON object: corrupted, with no usable patient id.
    private void corrupt(String kind, byte[] bytes) {
        this.payloads.add(new Payload(kind, bytes, ValidationStatus.CORRUPTED, AnomalyType.MALFORMED_JSON, UNKNOWN));
    }

    private String reading(String patientJson, String timestampJson, String valueJson) {
        return "{\"event_id\":\"" + new UUID(this.random.nextLong(), this.random.nextLong()) + "\",\"patient_id\":"
                + patientJson + ",\"timestamp\":" + timestampJson + ",\"heartbeat_value\":" + valueJson + "}";
    }

    // The reading with one raw byte and then rest after its patient id's opening "p-.
    private static byte[] withRawByte(String json, int rawByte, String rest) {
        int cut = json.indexOf("\"p-,") + 3;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, cut)));
        out.write(rawByte);
        out.writeBytes(utf8(rest + json.substring(cut)));
        return out.toByteArray();
    }

    private String patient() {
        return String.format("patient-%04d", this.random.nextInt(10_000));
    }

    private String timestamp() {
        return String.format("\"2026-03-01T%02d:%02d:%02dZ\"", this.random.nextInt(24), this.random.nextInt(60),
                this.random.nextInt(60));
    }

    private int controlCharacter() {
        int[] controls = { 0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f };
        return controls[this.random.nextInt(controls.length)];
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count).append(1 + this.random.nextInt(9));
        while (digits.length() < count) {
            digits.append(this.random.nextInt(10));
        }
        return digits.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(this.random.nextInt(choices.size()));
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> json.append((c < 0x20) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append('"').toString();
    }

    private static String unquote(String json) {
        return json.substring(1, json.length() - 1);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
