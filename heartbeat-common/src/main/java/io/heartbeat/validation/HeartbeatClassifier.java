package io.heartbeat.validation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/** Applies the validation rules (docs/architecture.md, "Classification") to a record's raw bytes; never throws. */
public final class HeartbeatClassifier {

    /** Patient id stored for corrupted records that carry no usable one. */
    public static final String UNKNOWN_PATIENT = "unknown";

    /** Width of {@code heartbeats.patient_id}. */
    public static final int PATIENT_ID_MAX_LENGTH = 50;

    // NUMERIC holds far more, but a value this large is a fault either way; beyond it the raw text keeps it.
    private static final int MAX_STORABLE_DIGITS = 1000;

    private static final BigDecimal SYSTEM_MAX = BigDecimal.valueOf(HeartRateLimits.SYSTEM_MAX);

    private final BigDecimal min;

    private final BigDecimal max;

    private final ZoneId zoneOfLocalTimes;

    private final TimestampBounds bounds;

    private final Clock clock;

    /** Local times as UTC and no clock check: the other rules alone, for tests of a fixed time. */
    public HeartbeatClassifier(HeartRateLimits limits) {
        this(limits, ZoneOffset.UTC, null, null);
    }

    /**
     * The consumer's classifier: docs/consumer.md, "Timestamps" and "Readings from a wrong clock" (the reference is
     * the earlier of the Kafka timestamp and {@code clock}); {@code bounds} {@code null} checks no clock.
     */
    public HeartbeatClassifier(HeartRateLimits limits, ZoneId zoneOfLocalTimes, TimestampBounds bounds,
            Clock clock) {
        this.min = BigDecimal.valueOf(limits.min());
        this.max = BigDecimal.valueOf(limits.max());
        // A zone of fixed rules ("UTC", "Etc/GMT-1") as its offset, which the parser's fast path applies itself.
        this.zoneOfLocalTimes = zoneOfLocalTimes.normalized();
        this.bounds = bounds;
        this.clock = clock;
    }

    /** Classifies one record: {@code payload} is null for a tombstone, {@code receivedAt} its Kafka timestamp. */
    public ClassifiedReading classify(byte[] payload, Instant receivedAt) {
        PayloadFields fields = PayloadFields.read(payload);
        if (fields == null) {
            return corrupted(AnomalyType.MALFORMED_JSON, null, UNKNOWN_PATIENT, receivedAt, null, payload);
        }
        UUID eventId = eventId(fields.eventId());
        String patientId = patientId(fields.patientId());
        Instant timestamp = timestamp(fields.timestamp());
        Object value = fields.heartbeatValue();
        String storedPatient = (patientId != null) ? patientId : UNKNOWN_PATIENT;
        Instant storedTime = (timestamp != null) ? timestamp : receivedAt;
        BigDecimal number = (value instanceof BigDecimal decimal) ? storable(decimal) : null;

        AnomalyType corruption = corruption(fields, patientId, timestamp);
        if (corruption != null) {
            return corrupted(corruption, eventId, storedPatient, storedTime, number, payload);
        }
        AnomalyType anomaly = wrongClock(timestamp, receivedAt);
        if (anomaly == null) {
            anomaly = (value == PayloadFields.JSON_NULL) ? AnomalyType.NULL_VALUE : anomalyOf((BigDecimal) value);
        }
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

    /** The rule for a timestamp alone, against the reference of docs/consumer.md, "Readings from a wrong clock". */
    AnomalyType wrongClock(Instant timestamp, Instant receivedAt) {
        if (this.bounds == null) {
            return null;
        }
        Instant now = this.clock.instant();
        Instant reference = receivedAt.isBefore(now) ? receivedAt : now;
        if (timestamp.isAfter(reference.plus(this.bounds.maxFutureSkew()))) {
            return AnomalyType.FUTURE_TIMESTAMP;
        }
        if (timestamp.isBefore(reference.minus(this.bounds.maxAge()))) {
            return AnomalyType.STALE_TIMESTAMP;
        }
        return null;
    }

    private static AnomalyType corruption(PayloadFields fields, String patientId, Instant timestamp) {
        if (fields.patientId() == null || fields.timestamp() == null || fields.heartbeatValue() == null) {
            return AnomalyType.MISSING_FIELD;
        }
        if (patientId == null) {
            return AnomalyType.INVALID_PATIENT_ID;
        }
        if (timestamp == null) {
            return AnomalyType.INVALID_TIMESTAMP;
        }
        Object value = fields.heartbeatValue();
        if (value != PayloadFields.JSON_NULL && !(value instanceof BigDecimal)) {
            return AnomalyType.PARSING_ERROR;
        }
        return null;
    }

    private static ClassifiedReading corrupted(AnomalyType type, UUID eventId, String patientId, Instant timestamp,
            BigDecimal value, byte[] payload) {
        return new ClassifiedReading(eventId, patientId, timestamp, value, ValidationStatus.CORRUPTED, type,
                RawPayload.toText(payload));
    }

    private static UUID eventId(Object field) {
        if (!(field instanceof String text)) {
            return null;
        }
        try {
            return UUID.fromString(text);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String patientId(Object field) {
        if (!(field instanceof String id)) {
            return null;
        }
        if (id.isBlank() || id.length() > PATIENT_ID_MAX_LENGTH || hasControlOrLoneSurrogate(id)) {
            return null;
        }
        return id;
    }

    // JSON may escape half a surrogate pair ("\ud800"), which has no UTF-8 form: PostgreSQL would get '?', and
    // distinct ids would merge into one. Only a high surrogate directly followed by a low one is a pair.
    private static boolean hasControlOrLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    private Instant timestamp(Object field) {
        return (field instanceof String text) ? IsoInstants.parse(text, this.zoneOfLocalTimes) : null;
    }

    private static BigDecimal storable(BigDecimal value) {
        // long: a scale near Integer.MIN_VALUE (1e2147483647) would overflow an int.
        long integerDigits = (long) value.precision() - value.scale();
        return (integerDigits > MAX_STORABLE_DIGITS || value.scale() > MAX_STORABLE_DIGITS) ? null : value;
    }
}
