package io.heartbeat.producer.generator;

import java.util.Arrays;
import java.util.random.RandomGenerator;

import io.heartbeat.validation.AnomalyType;

/**
 * The ways a generated reading is made invalid, each with its weight in the invalid share (docs/producer.md).
 */
enum Fault {

    /** A value in INVALID_HEART_RATE_MIN..HEART_RATE_MIN-1. */
    LOW_BPM(3, AnomalyType.LOW_BPM),
    /** A value in HEART_RATE_MAX+1..INVALID_HEART_RATE_MAX. */
    HIGH_BPM(3, AnomalyType.HIGH_BPM),
    /** {@code "heartbeat_value": null}: the device sent no value. */
    NULL_VALUE(1, AnomalyType.NULL_VALUE),
    /** A value in -99..-1. */
    NEGATIVE_VALUE(1, AnomalyType.NEGATIVE_VALUE),
    /** A value in 301..999, beyond any heart. */
    OVERFLOW_VALUE(1, AnomalyType.OVERFLOW_VALUE),
    /** The value as text, e.g. {@code "72 bpm"}. */
    TEXT_VALUE(1, AnomalyType.PARSING_ERROR),
    /** No {@code heartbeat_value} field at all. */
    MISSING_VALUE(1, AnomalyType.MISSING_FIELD),
    /** Bytes that are not JSON: a payload cut in half, or binary garbage. */
    NOT_JSON(1, AnomalyType.MALFORMED_JSON);

    private static final Fault[] FAULTS = values();

    static final int TOTAL_WEIGHT = Arrays.stream(FAULTS).mapToInt((fault) -> fault.weight).sum();

    private final int weight;

    private final AnomalyType anomalyType;

    Fault(int weight, AnomalyType anomalyType) {
        this.weight = weight;
        this.anomalyType = anomalyType;
    }

    /** Draws a fault with probability proportional to its weight. */
    static Fault pick(RandomGenerator random) {
        int ticket = random.nextInt(TOTAL_WEIGHT);
        for (Fault fault : FAULTS) {
            ticket -= fault.weight;
            if (ticket < 0) {
                return fault;
            }
        }
        throw new IllegalStateException("Weights do not add up to " + TOTAL_WEIGHT);
    }

    /** The anomaly the consumer's classifier records for this fault. */
    AnomalyType anomalyType() {
        return this.anomalyType;
    }
}
