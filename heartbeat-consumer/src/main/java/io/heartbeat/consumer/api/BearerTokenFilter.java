package io.heartbeat.consumer.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <ALERTS_API_TOKEN>} as a {@link PreAuthenticatedAuthenticationToken}, the
 * one type by which {@link CrossSiteRequestFilter} tells the token's callers (docs/alerts-api.md, "Code"). Not a bean:
 * as one, the servlet container would run it for every path, not only the API's.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && BasicCredentials.equal(this.token, header.substring(BEARER.length()).trim())) {
            SecurityContext context = this.contexts.createEmptyContext();
            context.setAuthentication(new PreAuthenticatedAuthenticationToken(ApiSettings.TOKEN_PRINCIPAL, null,
                    List.of(new SimpleGrantedAuthority(ApiSecurity.OPERATOR_AUTHORITY))));
            this.contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
