package io.heartbeat.consumer.api;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * The body of an acknowledgement or resolution, of an alert or an alarm, as {@link #DESCRIPTION} says.
 */
public record OperatorRequest(
        @Nullable @Pattern(regexp = OperatorRequest.OPERATOR_NAME, message = "must be 1 to 100 letters, digits or ._@-")
        String by) {

    /** What an operator's name may be: never a space, so it never looks like an automatic resolution. */
    public static final String OPERATOR_NAME = "[A-Za-z0-9._@-]{1,100}";

    static final String BY_REQUIRED = "by is required with basic credentials: name the operator";

    /** What the API's description says of the operator an action records. */
    static final String DESCRIPTION = "The operator recorded is by; it is required with basic credentials, whose"
            + " body must be application/json. With the token, by is optional and defaults to api-token.";

    /**
     * The operator an action records: {@code by}, or the token's name. With basic credentials the body must name
     * the operator: a JSON body is what a page elsewhere cannot send.
     */
    static String operator(@Nullable OperatorRequest request, Authentication caller) {
        if (request != null && request.by() != null) {
            return request.by();
        }
        if (caller instanceof PreAuthenticatedAuthenticationToken) {
            return ApiSettings.TOKEN_PRINCIPAL;
        }
        throw ApiProblems.badRequest(BY_REQUIRED);
    }
}
