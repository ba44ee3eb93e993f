package io.heartbeat.consumer.api;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The optional body of an acknowledgement or resolution.
 *
 * @param by the operator to record; without it, the authenticated user ({@value ApiSettings#TOKEN_PRINCIPAL} for the
 * token)
 */
public record OperatorRequest(
        @Nullable @Pattern(regexp = OperatorRequest.OPERATOR_NAME, message = "must be 1 to 100 letters, digits or ._@-")
        String by) {

    /** What an operator's name may be: never a space, so it never looks like an automatic resolution. */
    public static final String OPERATOR_NAME = "[A-Za-z0-9._@-]{1,100}";
}
