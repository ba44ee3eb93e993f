package io.heartbeat.consumer.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Checks basic credentials against ALERTS_API_USER and ALERTS_API_PASSWORD. Without them configured it accepts
 * nobody. Being an {@link AuthenticationProvider} bean, it also keeps Spring Boot from creating a default user.
 */
final class BasicCredentials implements AuthenticationProvider {

    private final byte @Nullable [] user;

    private final byte @Nullable [] password;

    BasicCredentials(ApiSettings settings) {
        this.user = bytes(settings.user());
        this.password = bytes(settings.password());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        // Both compared in constant time, and both always, so the time does not tell which one was wrong.
        boolean userMatches = equal(this.user, name);
        boolean passwordMatches = equal(this.password, (credentials != null) ? credentials.toString() : null);
        if (!userMatches || !passwordMatches) {
            throw new BadCredentialsException("Bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority(ApiSecurity.OPERATOR_AUTHORITY)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    // Constant time, so the response time tells nothing about how much of a guess was right.
    static boolean equal(byte @Nullable [] expected, @Nullable String presented) {
        return expected != null && presented != null
                && MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static byte @Nullable [] bytes(@Nullable String value) {
        return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null;
    }
}
