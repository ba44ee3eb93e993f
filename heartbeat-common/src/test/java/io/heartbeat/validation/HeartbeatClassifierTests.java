package io.heartbeat.validation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatClassifierTests {

    private static final Instant RECEIVED = Instant.parse("2026-11-25T10:00:00Z");

    private static final String EVENT_ID = "0192f5c8-5e1a-7000-8000-000000000001";

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(nullValues = "none", value = {
            "50,      valid,                 none",
            "50.0,    valid,                 none",
            "75.5,    valid,                 none",
            "120,     valid,                 none",
            "49,      invalid_physiological, low_bpm",
            "49.99,   invalid_physiological, low_bpm",
            "0,       invalid_physiological, low_bpm",
            "121,     invalid_physiological, high_bpm",
            "120.01,  invalid_physiological, high_bpm",
            "300,     invalid_physiological, high_bpm",
            "300.5,   invalid_system,        overflow_value",
            "301,     invalid_system,        overflow_value",
            "1e400,   invalid_system,        overflow_value",
            "99999999999999999999999999999999, invalid_system, overflow_value",
            "-1,      invalid_system,        negative_value",
            "-0.5,    invalid_system,        negative_value",
            "-1e400,  invalid_system,        negative_value",
            "null,    invalid_system,        null_value",
            "'\"72\"', corrupted,            parsing_error",
            "true,    corrupted,             parsing_error",
            "false,   corrupted,             parsing_error",
            "'\"NaN\"', corrupted,           parsing_error",
            "'[72]',  corrupted,             parsing_error",
            "'{}',    corrupted,             parsing_error" })
    void classifiesEveryRowOfTheRulesTable(String value, String status, String anomaly) {
        ClassifiedReading reading = classify(event("patient-0001", "2026-11-25T09:59:59.250Z", value));

        assertThat(reading.status().dbValue()).isEqualTo(status);
        assertThat(reading.anomalyType() == null ? null : reading.anomalyType().dbValue()).isEqualTo(anomaly);
        assertThat(reading.patientId()).isEqualTo("patient-0001");
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-11-25T09:59:59.250Z"));
        assertThat(reading.eventId()).isEqualTo(UUID.fromString(EVENT_ID));
    }

    @Test
    void validReadingKeepsItsColumnsAndNoRawPayload() {
        ClassifiedReading reading = classify(event("p-7", "2026-11-25T11:59:59+02:00", "72.25"));

        assertThat(reading).isEqualTo(new ClassifiedReading(UUID.fromString(EVENT_ID), "p-7",
                Instant.parse("2026-11-25T09:59:59Z"), new BigDecimal("72.25"), ValidationStatus.VALID, null, null));
    }

    @Test
    void invalidReadingKeepsItsPayloadAsText() {
        String json = event("p-7", "2026-11-25T09:00:00Z", "130");

        ClassifiedReading reading = classify(json);

        assertThat(reading.heartbeatValue()).isEqualByComparingTo("130");
        assertThat(reading.rawPayload()).isEqualTo(json);
    }

    @Test
    void valueKeepsTheScaleItWasWrittenWith() {
        assertThat(classify(event("p", "2026-11-25T09:00:00Z", "72.50")).heartbeatValue())
            .isEqualTo(new BigDecimal("72.50"));
        assertThat(classify(event("p", "2026-11-25T09:00:00Z", "72")).heartbeatValue()).isEqualTo(new BigDecimal("72"));
        assertThat(classify(event("p", "2026-11-25T09:00:00Z", "1e2")).heartbeatValue()).isEqualTo(new BigDecimal("1E+2"));
    }

    @Test
    void lastOfDuplicateFieldsCounts() {
        ClassifiedReading reading = classify("{\"patient_id\":\"p-1\",\"timestamp\":\"2026-11-25T09:00:00Z\","
                + "\"heartbeat_value\":\"72\",\"heartbeat_value\":130}");

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.HIGH_BPM);
        assertThat(reading.heartbeatValue()).isEqualTo(new BigDecimal("130"));
    }

    @Test
    void fieldsOutsideTheContractAreIgnored() {
        ClassifiedReading reading = classify("{\"firmware\":{\"version\":[1,2.5]},\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-11-25T09:00:00Z\",\"note\":null,\"heartbeat_value\":70}");

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.patientId()).isEqualTo("p-1");
    }

    @Test
    void honoursConfiguredLimits() {
        HeartbeatClassifier strict = new HeartbeatClassifier(new HeartRateLimits(60, 100));

        assertThat(strict.anomalyOf(new BigDecimal("59"))).isEqualTo(AnomalyType.LOW_BPM);
        assertThat(strict.anomalyOf(new BigDecimal("60"))).isNull();
        assertThat(strict.anomalyOf(new BigDecimal("100"))).isNull();
        assertThat(strict.anomalyOf(new BigDecimal("101"))).isEqualTo(AnomalyType.HIGH_BPM);
    }

    @ParameterizedTest
    @ValueSource(strings = { "NaN", "Infinity", "-Infinity" })
    void nonFiniteNumberLiteralsAreNotJson(String value) {
        String payload = event("patient-0001", "2026-11-25T09:00:00Z", value);

        ClassifiedReading reading = classify(payload);

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MALFORMED_JSON);
        assertThat(reading.rawPayload()).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not json", "{\"patient_id\":", "[1,2,3]", "\"just a string\"", "42", "null",
            "{\"patient_id\":\"p\"} trailing" })
    void payloadThatIsNotAJsonObjectIsMalformed(String payload) {
        ClassifiedReading reading = classify(payload);

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MALFORMED_JSON);
        assertThat(reading.patientId()).isEqualTo(HeartbeatClassifier.UNKNOWN_PATIENT);
        assertThat(reading.timestamp()).isEqualTo(RECEIVED);
        assertThat(reading.eventId()).isNull();
        assertThat(reading.rawPayload()).isEqualTo(payload);
    }

    @Test
    void nullPayloadIsMalformedWithoutRawText() {
        ClassifiedReading reading = this.classifier.classify(null, RECEIVED);

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MALFORMED_JSON);
        assertThat(reading.rawPayload()).isNull();
    }

    @Test
    void missingValueFieldIsMissingFieldButKeepsPatientAndTime() {
        ClassifiedReading reading = classify(
                "{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\",\"timestamp\":\"2026-11-25T09:00:00Z\"}");

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MISSING_FIELD);
        assertThat(reading.patientId()).isEqualTo("p-1");
        assertThat(reading.timestamp()).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(reading.heartbeatValue()).isNull();
    }

    @Test
    void missingPatientUsesPlaceholder() {
        ClassifiedReading reading = classify("{\"timestamp\":\"2026-11-25T09:00:00Z\",\"heartbeat_value\":70}");

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MISSING_FIELD);
        assertThat(reading.patientId()).isEqualTo("unknown");
        assertThat(reading.heartbeatValue()).isEqualByComparingTo("70");
    }

    @Test
    void missingTimestampUsesRecordTimestamp() {
        ClassifiedReading reading = classify("{\"patient_id\":\"p-1\",\"heartbeat_value\":70}");

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MISSING_FIELD);
        assertThat(reading.timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void theOriginalProducersReadingIsReadAsUtcAndKeepsNoEventId() {
        String payload = "{\"patient_id\": \"W02707BQ\", \"timestamp\": \"2026-12-03T23:55:26.351028\", "
                + "\"heartbeat_value\": 87}";

        assertThat(classify(payload)).isEqualTo(new ClassifiedReading(null, "W02707BQ",
                Instant.parse("2026-12-03T23:55:26.351028Z"), new BigDecimal("87"), ValidationStatus.VALID, null,
                null));
        assertThat(classify(event("p-1", "2026-12-04T08:00:01", "20")).timestamp())
            .isEqualTo(Instant.parse("2026-12-04T08:00:01Z"));
    }

    @Test
    void aTimestampWithoutOffsetIsTakenInTheConfiguredZone() {
        HeartbeatClassifier paris = new HeartbeatClassifier(HeartRateLimits.DEFAULT, ZoneId.of("Europe/Paris"), null,
                null);
        HeartbeatClassifier utc = new HeartbeatClassifier(HeartRateLimits.DEFAULT, ZoneId.of("UTC"), null, null);

        assertThat(paris.classify(bytes(event("p-1", "2026-12-04T08:00:01", "72")), RECEIVED).timestamp())
            .isEqualTo(Instant.parse("2026-12-04T07:00:01Z"));
        assertThat(paris.classify(bytes(event("p-1", "2026-12-04T08:00:01Z", "72")), RECEIVED).timestamp())
            .isEqualTo(Instant.parse("2026-12-04T08:00:01Z"));
        assertThat(utc.classify(bytes(event("p-1", "2026-12-04T08:00:01", "72")), RECEIVED).timestamp())
            .isEqualTo(Instant.parse("2026-12-04T08:00:01Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"yesterday\"", "\"2026-11-25 09:00:00\"", "\"2026-13-45T09:00:00Z\"", "1732525200",
            "null", "\"+300000-01-01T00:00:00Z\"" })
    void unparseableTimestampIsInvalidTimestamp(String timestamp) {
        ClassifiedReading reading = classify(
                "{\"patient_id\":\"p-1\",\"timestamp\":" + timestamp + ",\"heartbeat_value\":70}");

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.INVALID_TIMESTAMP);
        assertThat(reading.timestamp()).isEqualTo(RECEIVED);
        assertThat(reading.patientId()).isEqualTo("p-1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"\"", "\"   \"", "42", "null", "\"a\\u0000b\"",
            "\"123456789012345678901234567890123456789012345678901\"", "\"p-\\ud800\"", "\"p-\\udc00-1\"",
            "\"\\ude00\\ud83d\"" })
    void unusablePatientIdIsInvalidPatientId(String patientId) {
        ClassifiedReading reading = classify(
                "{\"patient_id\":" + patientId + ",\"timestamp\":\"2026-11-25T09:00:00Z\",\"heartbeat_value\":70}");

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.INVALID_PATIENT_ID);
        assertThat(reading.patientId()).isEqualTo("unknown");
    }

    @Test
    void generatedPatientIdsFollowTheCodePointRule() {
        String usual = "pa7- \u00e9";
        String unusual = "\t\u007f\u0085\ud800\udfff\ud83d\ude00";
        SplittableRandom random = new SplittableRandom(20261125L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int length = random.nextInt(0, 53); id.length() < length;) {
                int draw = random.nextInt(20);
                if (draw == 0) {
                    id.append(unusual.charAt(random.nextInt(unusual.length())));
                }
                else if (draw == 1) {
                    id.append("\ud83d\ude00");
                }
                else {
                    id.append(usual.charAt(random.nextInt(usual.length())));
                }
            }
            StringBuilder escaped = new StringBuilder();
            id.chars().forEach((c) -> escaped.append(String.format("\\u%04x", c)));

            ClassifiedReading reading = classify(event(escaped.toString(), "2026-11-25T09:00:00Z", "70"));

            String expected = usableByCodePoints(id.toString()) ? id.toString() : HeartbeatClassifier.UNKNOWN_PATIENT;
            assertThat(reading.patientId()).as(escaped.toString()).isEqualTo(expected);
        }
    }

    @Test
    void surrogatePairInPatientIdIsKeptVerbatim() {
        ClassifiedReading reading = classify(event("patient-\\ud83d\\ude00", "2026-11-25T09:00:00Z", "70"));

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.patientId()).isEqualTo("patient-\ud83d\ude00");
    }

    @Test
    void sqlTextInPatientIdIsKeptVerbatim() {
        String patient = "x'); DROP TABLE heartbeats;--";

        ClassifiedReading reading = classify(event(patient, "2026-11-25T09:00:00Z", "70"));

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.patientId()).isEqualTo(patient);
    }

    @Test
    void unusableEventIdLeavesItToTheConsumer() {
        ClassifiedReading reading = classify(
                "{\"event_id\":\"nope\",\"patient_id\":\"p\",\"timestamp\":\"2026-11-25T09:00:00Z\",\"heartbeat_value\":70}");

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.eventId()).isNull();
    }

    @Test
    void valueBeyondNumericRangeIsOverflowWithRawTextOnly() {
        ClassifiedReading reading = classify(event("p", "2026-11-25T09:00:00Z", "1e5000"));

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.OVERFLOW_VALUE);
        assertThat(reading.heartbeatValue()).isNull();
        assertThat(reading.rawPayload()).contains("1e5000");
    }

    @Test
    void exponentAtTheEdgeOfTheIntRangeIsStillOverflowNotStorable() {
        // precision - scale overflows an int here: 1 + 2147483647.
        ClassifiedReading reading = classify(event("p", "2026-11-25T09:00:00Z", "1e2147483647"));

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.OVERFLOW_VALUE);
        assertThat(reading.heartbeatValue()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "1e9999999999", "-1e-9999999999", "{\"n\": 1e9999999999}" })
    void numberNoDecimalCanHoldIsMalformedNotAnException(String value) {
        // Jackson throws NumberFormatException, outside its own exceptions, for an exponent beyond the int range.
        ClassifiedReading reading = classify(event("p", "2026-11-25T09:00:00Z", value));

        assertThat(reading.status()).isEqualTo(ValidationStatus.CORRUPTED);
        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MALFORMED_JSON);
        assertThat(reading.rawPayload()).contains("9999999999");
    }

    @Test
    void deeplyNestedJsonIsMalformedNotAStackOverflow() {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);

        ClassifiedReading reading = classify(nested);

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.MALFORMED_JSON);
    }

    // The rule as first written, over code points: a lone surrogate is one left unpaired by codePoints().
    private static boolean usableByCodePoints(String id) {
        return !id.isBlank() && id.length() <= HeartbeatClassifier.PATIENT_ID_MAX_LENGTH
                && id.chars().noneMatch(Character::isISOControl)
                && id.codePoints().noneMatch((c) -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private ClassifiedReading classify(String payload) {
        return this.classifier.classify(payload.getBytes(StandardCharsets.UTF_8), RECEIVED);
    }

    private static byte[] bytes(String payload) {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String patientId, String timestamp, String value) {
        return "{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"" + patientId + "\",\"timestamp\":\"" + timestamp
                + "\",\"heartbeat_value\":" + value + "}";
    }
}
