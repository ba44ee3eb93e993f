package io.heartbeat.consumer.api;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a page on another site from changing alerts or alarms with an operator's cached basic credentials
 * (docs/alerts-api.md, "Cross-site requests"). Not a bean: as one, the servlet container would run it for every path.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    static final String CROSS_SITE = "Cross-site request refused: alerts and alarms change only from this API's own"
            + " origin or from clients that are not browsers";

    static final String JSON_ONLY = "With basic credentials a change takes Content-Type application/json and a body"
            + " naming the operator, {\"by\": \"<operator>\"}; got ";

    // What Sec-Fetch-Site says of a request a page of the same origin made, or a user made (address bar, bookmark).
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private final JsonMapper mapper;

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    CrossSiteRequestFilter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)) {
            chain.doFilter(request, response);
        }
        else if (fromAnotherSite(request)) {
            ApiProblems.write(this.mapper, request, response, HttpStatus.FORBIDDEN, CROSS_SITE);
        }
        else if (!(this.contexts.getContext().getAuthentication() instanceof PreAuthenticatedAuthenticationToken)
                && !json(request.getContentType())) {
            String got = (request.getContentType() != null) ? "Content-Type " + request.getContentType() : "none";
            ApiProblems.write(this.mapper, request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, JSON_ONLY + got);
        }
        else {
            chain.doFilter(request, response);
        }
    }

    // Fetch metadata first: browsers set it and pages cannot. Origin covers browsers from before 2023.
    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !OWN_SITE.contains(site);
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        int hostStart = origin.indexOf("://");
        String host = request.getHeader(HttpHeaders.HOST);
        return hostStart < 0 || host == null || !origin.substring(hostStart + 3).equalsIgnoreCase(host);
    }

    private static boolean json(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                    && type.getParameters().keySet().stream().allMatch("charset"::equalsIgnoreCase);
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
