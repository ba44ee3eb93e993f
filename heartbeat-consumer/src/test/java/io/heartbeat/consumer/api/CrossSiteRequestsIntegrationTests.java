package io.heartbeat.consumer.api;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The requests a page on another site can make a browser send with an operator's cached basic credentials, sent
 * over real HTTP to the running consumer: each is refused and leaves the alert's row exactly as it was, while the
 * API's own clients (JSON with basic credentials, the token, a same-origin page) still change alerts.
 */
class CrossSiteRequestsIntegrationTests extends AbstractAlertsApiIntegrationTests {

    private static final String EVIL = "https://evil.example";

    private static final String MALLORY = "{\"by\":\"mallory\"}";

    @LocalServerPort
    private int port;

    @ParameterizedTest(name = "{0} {1}")
    // Each a body a page may send without a preflight: the CORS-safelisted types, and no body at all.
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "acknowledge | text/plain;charset=UTF-8                 | {\"by\":\"mallory\"}",
            "resolve     | text/plain;charset=UTF-8                 | {\"by\":\"mallory\"}",
            "resolve     | text/plain                               | {\"by\":\"mallory\"}",
            "resolve     | application/x-www-form-urlencoded        | by=mallory",
            "acknowledge | multipart/form-data; boundary=b          | --b--",
            "resolve     | none                                     | none",
            "resolve     | application/problem+json                 | {\"by\":\"mallory\"}",
            "resolve     | application/json; charset=UTF-8; x=y     | {\"by\":\"mallory\"}" })
    void basicCredentialsChangeNothingWithoutAJsonBody(String action, String contentType, String body) {
        long alertId = alertOf("unknown", 30);
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", basic(USER, PASSWORD)));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }

        ApiClient.Response response = this.api.send("POST", path(alertId, action), headers, body);

        assertRefused(response, 415, CrossSiteRequestFilter.JSON_ONLY
                + ((contentType != null) ? "Content-Type " + contentType : "none"));
        assertUnchanged(alertId);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = { "acknowledge | {}", "resolve | none",
            "resolve | {\"by\":null}" })
    void basicCredentialsMustNameTheOperator(String action, String body) {
        long alertId = alertOf("unknown", 30);

        ApiClient.Response response = this.api.send("POST", path(alertId, action),
                Map.of("Authorization", basic(USER, PASSWORD), "Content-Type", "application/json"), body);

        assertRefused(response, 400, OperatorRequest.BY_REQUIRED);
        assertUnchanged(alertId);
    }

    // What a browser sends for fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include', body}) run by a
    // page of https://evil.example, with the basic credentials it has cached for the API.
    private static final Map<String, String> NO_CORS_FETCH = Map.of("Authorization", basic(USER, PASSWORD),
            "Origin", EVIL, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "empty",
            "Content-Type", "text/plain;charset=UTF-8");

    @Test
    void theNoCorsFetchOfAnotherSiteIsRefused() {
        long alertId = alertOf("unknown", 30);

        for (String action : List.of("acknowledge", "resolve")) {
            assertRefused(this.api.send("POST", path(alertId, action), NO_CORS_FETCH, MALLORY), 403,
                    CrossSiteRequestFilter.CROSS_SITE);
        }
        assertUnchanged(alertId);
    }

    @Test
    void alarmsAreGuardedAsAlertsAre() {
        long alarmId = alarmOf("p-3", ApiTestData.BRADYCARDIA, 400);
        String acknowledge = "/api/alarms/" + alarmId + "/acknowledge";
        String resolve = "/api/alarms/" + alarmId + "/resolve";
        Map<String, String> json = Map.of("Authorization", basic(USER, PASSWORD), "Content-Type", "application/json");

        assertRefused(this.api.send("POST", resolve, NO_CORS_FETCH, MALLORY), 403, CrossSiteRequestFilter.CROSS_SITE);
        assertRefused(this.api.send("POST", acknowledge, Map.of("Authorization", bearer(TOKEN), "Origin", EVIL),
                MALLORY), 403, CrossSiteRequestFilter.CROSS_SITE);
        assertRefused(this.api.send("POST", acknowledge, Map.of("Authorization", basic(USER, PASSWORD),
                "Content-Type", "text/plain"), MALLORY), 415, CrossSiteRequestFilter.JSON_ONLY
                        + "Content-Type text/plain");
        assertRefused(this.api.send("POST", resolve, json, "{}"), 400, OperatorRequest.BY_REQUIRED);
        assertAlarmUnchanged(alarmId);

        assertThat(this.api.send("POST", acknowledge, json, "{\"by\":\"nurse.jones\"}").status()).isEqualTo(200);
        assertThat(alarmRow(alarmId)).containsEntry("state", "acknowledged")
            .containsEntry("acknowledged_by", "nurse.jones")
            .containsEntry("resolved_by", null);
    }

    @ParameterizedTest
    // Even JSON, and even the token: no page elsewhere has any business changing alerts.
    @CsvSource(delimiter = '|', value = { "Origin | https://evil.example", "Origin | null",
            "Origin | http://localhost:1", "Origin | http://127.0.0.1:PORT", "Sec-Fetch-Site | cross-site",
            "Sec-Fetch-Site | same-site" })
    void aRequestMarkedAsFromAnotherSiteIsRefusedWhateverItCarries(String header, String value) {
        long alertId = alertOf("unknown", 30);

        for (String authorization : List.of(basic(USER, PASSWORD), bearer(TOKEN))) {
            ApiClient.Response response = this.api.send("POST", path(alertId, "resolve"),
                    Map.of("Authorization", authorization, "Content-Type", "application/json", header,
                            value.replace("PORT", String.valueOf(this.port))),
                    MALLORY);

            assertRefused(response, 403, CrossSiteRequestFilter.CROSS_SITE);
        }
        assertUnchanged(alertId);
    }

    @Test
    void noPreflightIsGrantedAndNoAnswerIsSharedWithAnotherSite() {
        ApiClient.Response preflight = this.api.send("OPTIONS", path(alertOf("unknown", 30), "resolve"),
                Map.of("Origin", EVIL, "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization,content-type"), null);
        ApiClient.Response read = this.api.send("GET", "/api/alerts",
                Map.of("Authorization", basic(USER, PASSWORD), "Origin", EVIL, "Sec-Fetch-Site", "cross-site"),
                null);

        assertThat(preflight.status()).isEqualTo(401);
        assertThat(preflight.headers()).doesNotContainKeys("access-control-allow-origin",
                "access-control-allow-methods", "access-control-allow-headers");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers()).doesNotContainKey("access-control-allow-origin");
        assertUnchanged(alertOf("unknown", 30));
    }

    @Test
    void jsonWithBasicCredentialsChangesTheAlert() {
        long alertId = alertOf("p-2", 21);
        Map<String, String> headers = Map.of("Authorization", basic(USER, PASSWORD), "Content-Type",
                "application/json");

        assertThat(this.api.send("POST", path(alertId, "acknowledge"), headers, "{\"by\":\"nurse.jones\"}").status())
            .isEqualTo(200);
        assertThat(this.api.send("POST", path(alertId, "resolve"), headers, "{\"by\":\"dr.who\"}").status())
            .isEqualTo(200);

        assertChanged(alertId, "nurse.jones", "dr.who");
    }

    @Test
    void aPageOfTheApisOwnOriginChangesTheAlert() {
        long alertId = alertOf("p-2", 22);
        // As Swagger UI, served by the consumer itself, sends it.
        Map<String, String> headers = Map.of("Authorization", basic(USER, PASSWORD), "Content-Type",
                "application/json; charset=utf-8", "Origin", "http://localhost:" + this.port, "Sec-Fetch-Site",
                "same-origin", "Sec-Fetch-Mode", "cors");

        assertThat(this.api.send("POST", path(alertId, "resolve"), headers, "{\"by\":\"nurse.jones\"}").status())
            .isEqualTo(200);

        assertChanged(alertId, null, "nurse.jones");
    }

    @Test
    void theTokenChangesTheAlertWithoutABodyAsBefore() {
        long alertId = alertOf("p-2", 23);

        ApiClient.Response acknowledged = this.api.send("POST", path(alertId, "acknowledge"),
                Map.of("Authorization", bearer(TOKEN)), null);
        ApiClient.Response resolved = this.api.send("POST", path(alertId, "resolve"),
                Map.of("Authorization", bearer(TOKEN), "Origin", "http://localhost:" + this.port), null);

        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(resolved.status()).isEqualTo(200);
        assertChanged(alertId, ApiSettings.TOKEN_PRINCIPAL, ApiSettings.TOKEN_PRINCIPAL);
    }

    @Test
    void theApiDescriptionSaysWhatAChangeTakes() {
        JsonNode resolve = this.api.get("/v3/api-docs", null).json().get("paths").get("/api/alerts/{alertId}/resolve")
            .get("post");

        // The caller's authentication is no parameter a client could set.
        assertThat(resolve.get("parameters").findValuesAsString("name")).containsExactly("alertId");
        assertThat(resolve.get("description").asString()).endsWith("The operator recorded is by; it is required with"
                + " basic credentials, whose body must be application/json. With the token, by is optional and"
                + " defaults to api-token.");
    }

    private static String path(long alertId, String action) {
        return "/api/alerts/" + alertId + "/" + action;
    }

    private static void assertRefused(ApiClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
    }

    private void assertChanged(long alertId, String acknowledgedBy, String resolvedBy) {
        Map<String, Object> row = row(alertId);
        assertThat(row).containsEntry("resolved_flag", true)
            .containsEntry("resolved_by", resolvedBy)
            .containsEntry("acknowledged_by", acknowledgedBy);
        assertThat(instant(row.get("resolved_at"))).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        if (acknowledgedBy == null) {
            assertThat(row.get("acknowledged_at")).isNull();
        }
        else {
            assertThat(instant(row.get("acknowledged_at"))).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        }
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }
}
