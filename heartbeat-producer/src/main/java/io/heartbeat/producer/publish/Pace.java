package io.heartbeat.producer.publish;

/**
 * When the n-th event of a steady stream is due, counted from the stream's start; no drift, because every answer
 * is computed from the start rather than from the previous event.
 *
 * @param eventsPerSecond events per second, above zero
 */
record Pace(double eventsPerSecond) {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    Pace {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be a positive number, was " + eventsPerSecond);
        }
    }

    /** How many events are due once {@code elapsedNanos} have passed; event 0 is due at the start. */
    long dueBy(long elapsedNanos) {
        return (long) (elapsedNanos * this.eventsPerSecond / NANOS_PER_SECOND) + 1;
    }

    /** When event {@code n} is due, in nanoseconds after the start. */
    long offsetNanos(long n) {
        return (long) (n * NANOS_PER_SECOND / this.eventsPerSecond);
    }
}
