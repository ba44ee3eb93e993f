package io.heartbeat.consumer.api;

import java.io.Serial;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller who presented the API token: a header browsers never add by themselves, so such a request cannot come
 * from another site's page (see {@link CrossSiteRequestFilter}).
 */
final class TokenAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    TokenAuthentication() {
        super(List.of(new SimpleGrantedAuthority(ApiSecurity.OPERATOR_AUTHORITY)));
        setAuthenticated(true);
    }

    @Override
    public @Nullable Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return ApiSettings.TOKEN_PRINCIPAL;
    }
}
