package io.heartbeat.consumer.api;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The API's own refusals as RFC 9457 problem documents: exceptions Spring MVC renders, or written directly.
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
        throw badRequest(parameter + " must be " + others + " or " + last);
    }

    static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    /**
     * Writes the problem document of a refusal that happens before a controller is reached (authentication, an API
     * that is off), shaped like the ones Spring MVC writes for the controllers' own errors.
     */
    static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
