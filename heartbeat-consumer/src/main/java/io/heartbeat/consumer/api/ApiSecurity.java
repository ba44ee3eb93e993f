package io.heartbeat.consumer.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Guards {@code /api/**}, and nothing else (docs/alerts-api.md, "Authentication" and "Cross-site requests").
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ApiSettings.class)
class ApiSecurity {

    static final String OPERATOR_AUTHORITY = "ROLE_OPERATOR";

    private static final Logger logger = LoggerFactory.getLogger(ApiSecurity.class);

    private static final String REALM = "heartbeat-alerts";

    @Bean
    BasicCredentials apiBasicCredentials(ApiSettings settings) {
        return new BasicCredentials(settings);
    }

    @Bean
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, ApiSettings settings, BasicCredentials credentials,
            JsonMapper json) throws Exception {
        // Spring's CSRF protection wants a token from a session or cookie, which API clients such as curl never
        // fetched; CrossSiteRequestFilter protects the changes instead. No CORS either: nothing grants a preflight.
        http.securityMatcher("/api/**")
            .csrf(AbstractHttpConfigurer::disable)
            .logout(AbstractHttpConfigurer::disable)
            .requestCache(AbstractHttpConfigurer::disable)
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authenticationProvider(credentials);
        if (!settings.enabled()) {
            logger.info("Alerts API is off: set ALERTS_API_TOKEN, or ALERTS_API_USER and ALERTS_API_PASSWORD");
            AuthenticationEntryPoint off = (request, response, failure) -> ApiProblems.write(json, request, response,
                    HttpStatus.NOT_FOUND, "The alerts API is off: no credentials are configured");
            return http.authorizeHttpRequests((requests) -> requests.anyRequest().denyAll())
                .exceptionHandling((errors) -> errors.authenticationEntryPoint(off)
                    .accessDeniedHandler((request, response, denied) -> off.commence(request, response, null)))
                .build();
        }
        logger.info("Alerts API is on at /api with {}", settings);
        AuthenticationEntryPoint unauthorized = (request, response, failure) -> {
            if (settings.token() != null) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            }
            if (settings.user() != null) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
            }
            ApiProblems.write(json, request, response, HttpStatus.UNAUTHORIZED,
                    "Authenticate with the API token (Authorization: Bearer) or the API's basic credentials");
        };
        AccessDeniedHandler forbidden = (request, response, denied) -> ApiProblems.write(json, request, response,
                HttpStatus.FORBIDDEN, "Not allowed");
        if (settings.token() != null) {
            http.addFilterBefore(new BearerTokenFilter(settings.token()), BasicAuthenticationFilter.class);
        }
        if (settings.user() != null) {
            http.httpBasic((basic) -> basic.realmName(REALM).authenticationEntryPoint(unauthorized));
        }
        return http.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(OPERATOR_AUTHORITY))
            .addFilterAfter(new CrossSiteRequestFilter(json), AuthorizationFilter.class)
            .exceptionHandling((errors) -> errors.authenticationEntryPoint(unauthorized)
                .accessDeniedHandler(forbidden))
            .build();
    }
}
