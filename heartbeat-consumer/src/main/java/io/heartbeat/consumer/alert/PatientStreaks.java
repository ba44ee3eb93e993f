package io.heartbeat.consumer.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The automatic resolution's rule for one patient: its runs of at least K readings, in order, worked out in memory
 * from the readings of one window (docs/alerts-api.md, "How it runs", step 2).
 */
record PatientStreaks(List<Recovery> recoveries) {

    /**
     * Where a batch's readings sort among readings of the same time: after every stored one and in batch order, as
     * the ids COPY gives them will sort. Ids stay below it for 146,000 years at a million rows a second.
     */
    static final long FIRST_BATCH_PLACE = 1L << 62;

    /**
     * The runs of {@code k} valid readings among {@code readings} (in any order), reading from the K-th reading
     * before {@code firstValidMicros} on. {@code readings} must hold every reading from there on.
     */
    static PatientStreaks of(List<Reading> readings, long firstValidMicros, int k) {
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparing(Reading::position));
        long startsAt = windowStart(sorted, firstValidMicros, k);
        List<Recovery> recoveries = new ArrayList<>();
        Position runStart = null;
        int runLength = 0;
        for (Reading reading : sorted) {
            if (reading.position().micros() < startsAt) {
                continue;
            }
            if (!reading.valid()) {
                runLength = 0;
                continue;
            }
            if (runLength == 0) {
                runStart = reading.position();
            }
            runLength++;
            if (runLength == k) {
                recoveries.add(new Recovery(runStart, reading.position().micros()));
            }
        }
        return new PatientStreaks(recoveries);
    }

    /**
     * When an open alert at {@code alert} resolves: the K-th reading's time of the earliest run that starts after
     * it, or empty when no run does.
     */
    OptionalLong resolvedAt(Position alert) {
        for (Recovery recovery : this.recoveries) {
            if (alert.compareTo(recovery.start()) < 0) {
                // Runs are in order, so the first one after the alert has the earliest K-th reading.
                return OptionalLong.of(recovery.recoveredAt());
            }
        }
        return OptionalLong.empty();
    }

    // The time of the K-th latest reading before firstValidMicros; readings at that time and later are read.
    private static long windowStart(List<Reading> sorted, long firstValidMicros, int k) {
        int before = 0;
        while (before < sorted.size() && sorted.get(before).position().micros() < firstValidMicros) {
            before++;
        }
        return (before >= k) ? sorted.get(before - k).position().micros() : Long.MIN_VALUE;
    }

    /**
     * Where a reading, or the alert of a reading, stands in its patient's order: by time (epoch microseconds), then
     * by id, for which a batch's reading not yet stored uses {@link #FIRST_BATCH_PLACE} plus its index.
     */
    record Position(long micros, long place) implements Comparable<Position> {

        private static final Comparator<Position> ORDER =
                Comparator.comparingLong(Position::micros).thenComparingLong(Position::place);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    /** A reading of the patient and whether it is valid. */
    record Reading(Position position, boolean valid) {
    }

    /** A run of at least K valid readings: where it starts, and the time of its K-th reading. */
    record Recovery(Position start, long recoveredAt) {
    }
}
