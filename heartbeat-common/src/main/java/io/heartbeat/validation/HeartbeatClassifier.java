package io.heartbeat.validation;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.heartbeat.contract.HeartbeatJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the validation rules (docs/architecture.md, "Classification") to a record's raw bytes.
 * <p>
 * It never throws on bad input: anything it cannot read becomes a {@code corrupted} reading that keeps the
 * payload's text, so the consumer can store every record.
 */
public final class HeartbeatClassifier {

    /** Patient id stored for corrupted records that carry no usable one. */
    public static final String UNKNOWN_PATIENT = "unknown";

    /** Width of {@code heartbeats.patient_id}. */
    public static final int PATIENT_ID_MAX_LENGTH = 50;

    // NUMERIC holds far more, but a value this large is a fault either way; beyond it the raw text keeps it.
    private static final int MAX_STORABLE_DIGITS = 1000;

    private static final BigDecimal SYSTEM_MAX = BigDecimal.valueOf(HeartRateLimits.SYSTEM_MAX);

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final BigDecimal min;

    private final BigDecimal max;

    public HeartbeatClassifier(HeartRateLimits limits) {
        this.min = BigDecimal.valueOf(limits.min());
        this.max = BigDecimal.valueOf(limits.max());
    }

    /**
     * Classifies one record.
     * @param payload the record value as received (may be {@code null} for a tombstone)
     * @param receivedAt the Kafka record timestamp, used when the payload has no usable timestamp
     */
    public ClassifiedReading classify(byte[] payload, Instant receivedAt) {
        JsonNode root = parse(payload);
        if (root == null || !root.isObject()) {
            return corrupted(AnomalyType.MALFORMED_JSON, null, UNKNOWN_PATIENT, receivedAt, null, payload);
        }
        UUID eventId = eventId(root.get(HeartbeatJson.EVENT_ID));
        String patientId = patientId(root.get(HeartbeatJson.PATIENT_ID));
        Instant timestamp = timestamp(root.get(HeartbeatJson.TIMESTAMP));
        JsonNode value = root.get(HeartbeatJson.HEARTBEAT_VALUE);
        String storedPatient = (patientId != null) ? patientId : UNKNOWN_PATIENT;
        Instant storedTime = (timestamp != null) ? timestamp : receivedAt;
        BigDecimal number = (value != null && value.isNumber()) ? storable(value.decimalValue()) : null;

        AnomalyType corruption = corruption(root, patientId, timestamp, value);
        if (corruption != null) {
            return corrupted(corruption, eventId, storedPatient, storedTime, number, payload);
        }
        AnomalyType anomaly = value.isNull() ? AnomalyType.NULL_VALUE : anomalyOf(value.decimalValue());
        if (anomaly == null) {
            return new ClassifiedReading(eventId, patientId, timestamp, number, ValidationStatus.VALID, null, null);
        }
        return new ClassifiedReading(eventId, patientId, timestamp, number, anomaly.status(), anomaly,
                RawPayload.toText(payload));
    }

    /** The rule for a numeric value alone: {@code null} when valid, else why not. */
    public AnomalyType anomalyOf(BigDecimal value) {
        if (value == null) {
            return AnomalyType.NULL_VALUE;
        }
        if (value.signum() < 0) {
            return AnomalyType.NEGATIVE_VALUE;
        }
        if (value.compareTo(SYSTEM_MAX) > 0) {
            return AnomalyType.OVERFLOW_VALUE;
        }
        if (value.compareTo(this.min) < 0) {
            return AnomalyType.LOW_BPM;
        }
        if (value.compareTo(this.max) > 0) {
            return AnomalyType.HIGH_BPM;
        }
        return null;
    }

    private static AnomalyType corruption(JsonNode root, String patientId, Instant timestamp, JsonNode value) {
        if (!root.has(HeartbeatJson.PATIENT_ID) || !root.has(HeartbeatJson.TIMESTAMP)
                || !root.has(HeartbeatJson.HEARTBEAT_VALUE)) {
            return AnomalyType.MISSING_FIELD;
        }
        if (patientId == null) {
            return AnomalyType.INVALID_PATIENT_ID;
        }
        if (timestamp == null) {
            return AnomalyType.INVALID_TIMESTAMP;
        }
        if (!value.isNull() && !value.isNumber()) {
            return AnomalyType.PARSING_ERROR;
        }
        return null;
    }

    private static ClassifiedReading corrupted(AnomalyType type, UUID eventId, String patientId, Instant timestamp,
            BigDecimal value, byte[] payload) {
        return new ClassifiedReading(eventId, patientId, timestamp, value, ValidationStatus.CORRUPTED, type,
                RawPayload.toText(payload));
    }

    private static JsonNode parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(payload);
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    private static UUID eventId(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            return UUID.fromString(node.stringValue());
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String patientId(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        String id = node.stringValue();
        if (id.isBlank() || id.length() > PATIENT_ID_MAX_LENGTH || id.chars().anyMatch(Character::isISOControl)
                || hasLoneSurrogate(id)) {
            return null;
        }
        return id;
    }

    // JSON may escape half a surrogate pair ("\ud800"), which has no UTF-8 form: PostgreSQL would get '?', and
    // distinct ids would merge into one. Paired surrogates come out of codePoints() as one code point above them.
    private static boolean hasLoneSurrogate(String text) {
        return text.codePoints().anyMatch((codePoint) -> codePoint >= Character.MIN_SURROGATE
                && codePoint <= Character.MAX_SURROGATE);
    }

    private static Instant timestamp(JsonNode node) {
        if (node == null || !node.isString()) {
            return null;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(node.stringValue());
            // Years PostgreSQL's timestamptz and any real device clock agree on.
            return (time.getYear() < 1 || time.getYear() > 9999) ? null : time.toInstant();
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    private static BigDecimal storable(BigDecimal value) {
        int integerDigits = value.precision() - value.scale();
        return (integerDigits > MAX_STORABLE_DIGITS || value.scale() > MAX_STORABLE_DIGITS) ? null : value;
    }
}
