package io.heartbeat.consumer.api;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The API's own refusals, as exceptions Spring MVC renders as RFC 9457 problem documents.
 */
final class ApiProblems {

    private ApiProblems() {
    }

    static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    /** {@code from} and {@code to} as given, each possibly open; refused when {@code from} is not before {@code to}. */
    static void check(@Nullable Instant from, @Nullable Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw badRequest("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** {@code value} when it is none or one of {@code allowed}; otherwise refused, naming the {@code parameter}. */
    static @Nullable String oneOf(String parameter, @Nullable String value, List<String> allowed) {
        if (value == null || allowed.contains(value)) {
            return value;
        }
        String last = allowed.get(allowed.size() - 1);
        String others = String.join(", ", allowed.subList(0, allowed.size() - 1));
        throw badRequest(parameter + " must be " + (others.isEmpty() ? last : others + " or " + last));
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
