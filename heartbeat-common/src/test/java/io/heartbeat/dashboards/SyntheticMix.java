package io.heartbeat.dashboards;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What each patient sends in each minute of a {@link SyntheticHistory}: the producer's default mix
 * (GeneratorSettings.DEFAULT, 20 % invalid; Fault's weights 3:3:1:1:1:1:1:1) laid out over 60 seconds instead of
 * drawn at random, so that counts are exact. Every fifth second is invalid; patients start at different seconds.
 */
final class SyntheticMix {

    private static final List<String> INVALID_ORDER = List.of("low_bpm", "high_bpm", "null_value", "low_bpm",
            "high_bpm", "negative_value", "low_bpm", "high_bpm", "overflow_value", "parsing_error", "missing_field",
            "malformed_json");

    /** The anomaly type of each second of a minute ({@code valid} for a valid reading). */
    static final List<String> MINUTE = minute();

    private SyntheticMix() {
    }

    private static List<String> minute() {
        List<String> minute = new ArrayList<>(Collections.nCopies(60, "valid"));
        for (int i = 0; i < INVALID_ORDER.size(); i++) {
            minute.set(5 * i + 4, INVALID_ORDER.get(i));
        }
        return List.copyOf(minute);
    }

    /** How many readings of each kind one patient sends per minute. */
    static Map<String, Long> perMinute() {
        return MINUTE.stream().collect(Collectors.groupingBy((kind) -> kind, Collectors.counting()));
    }
}
