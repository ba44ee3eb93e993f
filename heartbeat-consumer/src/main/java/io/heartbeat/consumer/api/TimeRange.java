package io.heartbeat.consumer.api;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A time range [from, to) taken from a request's {@code from} and {@code to} parameters.
 */
record TimeRange(Instant from, Instant to) {

    /** {@code from} and {@code to} as given, each possibly open; refused when {@code from} is not before {@code to}. */
    static void check(@Nullable Instant from, @Nullable Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblems.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /**
     * The range of {@code from} and {@code to}: {@code to} defaults to {@code now}, {@code from} to {@code to} minus
     * {@code defaultLength}; refused when it is empty or longer than {@code maxLength}.
     */
    static TimeRange of(@Nullable Instant from, @Nullable Instant to, Instant now, Duration defaultLength,
            Duration maxLength) {
        Instant end = (to != null) ? to : now;
        Instant start = (from != null) ? from : end.minus(defaultLength);
        check(start, end);
        if (Duration.between(start, end).compareTo(maxLength) > 0) {
            throw ApiProblems.badRequest("from and to must be at most " + maxLength.toDays() + " days apart");
        }
        return new TimeRange(start, end);
    }
}
