package io.heartbeat.consumer.api;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of an acknowledgement or resolution: required, as {@code application/json}, with basic credentials;
 * optional with the token.
 *
 * @param by the operator to record; required with basic credentials; with the token, without it,
 * {@value ApiSettings#TOKEN_PRINCIPAL}
 */
public record OperatorRequest(
        @Nullable @Pattern(regexp = OperatorRequest.OPERATOR_NAME, message = "must be 1 to 100 letters, digits or ._@-")
        String by) {

    /** What an operator's name may be: never a space, so it never looks like an automatic resolution. */
    public static final String OPERATOR_NAME = "[A-Za-z0-9._@-]{1,100}";
}
