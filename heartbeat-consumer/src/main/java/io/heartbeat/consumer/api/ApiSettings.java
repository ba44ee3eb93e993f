package io.heartbeat.consumer.api;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the alerts API (docs/alerts-api.md, "Authentication"); blank is none. Secrets never appear in
 * {@link #toString()} or in an error.
 */
@ConfigurationProperties("heartbeat.api")
public record ApiSettings(@Nullable String token, @Nullable String user, @Nullable String password) {

    /** The name recorded for a caller who authenticated with the token. */
    public static final String TOKEN_PRINCIPAL = "api-token";

    static final int MIN_TOKEN_LENGTH = 16;

    static final int MIN_PASSWORD_LENGTH = 8;

    public ApiSettings {
        token = blankToNull(token);
        user = blankToNull(user);
        password = blankToNull(password);
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(
                    "ALERTS_API_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters long");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("ALERTS_API_USER and ALERTS_API_PASSWORD must be set together");
        }
        if (user != null && !user.matches(OperatorRequest.OPERATOR_NAME)) {
            throw new IllegalArgumentException("ALERTS_API_USER must be 1 to 100 letters, digits or ._@-");
        }
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "ALERTS_API_PASSWORD must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
    }

    /** Whether any credentials are configured; without them the API is off. */
    public boolean enabled() {
        return this.token != null || this.user != null;
    }

    @Override
    public String toString() {
        return "ApiSettings[token " + ((this.token != null) ? "set" : "none") + ", user "
                + ((this.user != null) ? this.user : "none") + "]";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return (value == null || value.isBlank()) ? null : value;
    }
}
