package io.heartbeat.consumer.api;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Acknowledging and resolving alerts through the API against a real PostgreSQL, without Kafka: what is recorded,
 * that the first acknowledgement or resolution is kept, and that refused requests change nothing.
 */
class AlertActionsIntegrationTests extends AbstractAlertsApiIntegrationTests {

    @Test
    void acknowledgingRecordsWhoAndWhenKeepsTheFirstAndLeavesTheAlertOpen() {
        long alertId = alertOf("p-2", 21);

        JsonNode first = post("/api/alerts/" + alertId + "/acknowledge", bearer(TOKEN), null);
        JsonNode again = post("/api/alerts/" + alertId + "/acknowledge", basic(USER, PASSWORD),
                "{\"by\":\"someone.else\"}");

        assertThat(first.get("acknowledgedBy").asString()).isEqualTo(ApiSettings.TOKEN_PRINCIPAL);
        assertThat(Instant.parse(first.get("acknowledgedAt").asString())).isCloseTo(Instant.now(),
                within(Duration.ofMinutes(1)));
        assertThat(first.get("resolved").asBoolean()).isFalse();
        assertThat(again).isEqualTo(first);
        assertThat(row(alertId)).containsEntry("acknowledged_by", "api-token").containsEntry("resolved_flag", false);
    }

    @Test
    void resolvingRecordsTheOperatorNamedOrTheTokensName() {
        long named = alertOf("p-2", 22);
        long byToken = alertOf("p-2", 23);

        JsonNode resolved = post("/api/alerts/" + named + "/resolve", basic(USER, PASSWORD),
                "{\"by\":\"dr.who@ward-3\"}");
        post("/api/alerts/" + byToken + "/resolve", bearer(TOKEN), "{}");

        assertThat(resolved.get("resolved").asBoolean()).isTrue();
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("dr.who@ward-3");
        assertThat(Instant.parse(resolved.get("resolvedAt").asString())).isCloseTo(Instant.now(),
                within(Duration.ofMinutes(1)));
        assertThat(row(named)).containsEntry("resolved_flag", true).containsEntry("resolved_by", "dr.who@ward-3");
        assertThat(row(byToken)).containsEntry("resolved_flag", true)
            .containsEntry("resolved_by", ApiSettings.TOKEN_PRINCIPAL);
    }

    @Test
    void anAlertAlreadyResolvedKeepsItsFirstResolution() {
        long automatic = alertOf("p-1", 1);

        JsonNode alert = post("/api/alerts/" + automatic + "/resolve", bearer(TOKEN), "{\"by\":\"late.nurse\"}");

        assertThat(alert.get("resolvedBy").asString()).isEqualTo("auto (3 valid readings)");
        assertThat(alert.get("resolvedAt").asString()).isEqualTo("2025-01-01T00:00:05Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "acknowledge | {\"by\":\"two words\"} | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":\"\"}          | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":\"auto (3 valid readings)\"} | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":                 | Failed to read request" })
    void refusesABadBodyAndChangesNothing(String action, String body, String detail) {
        long alertId = alertOf("unknown", 30);

        ApiClient.Response response = this.api.post("/api/alerts/" + alertId + "/" + action, bearer(TOKEN), body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        assertUnchanged(alertId);
    }

    @ParameterizedTest
    @CsvSource({ "acknowledge", "resolve" })
    void anUnknownAlertIsNotFound(String action) {
        ApiClient.Response response = this.api.post("/api/alerts/424242/" + action, bearer(TOKEN), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).isEqualTo("No alert 424242");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts WHERE alert_id = 424242",
                Long.class)).isZero();
    }

    @ParameterizedTest
    // Near misses of the real credentials: the token's last character, the password's last letter's case.
    @CsvSource(nullValues = "none", value = { "none", "Bearer test-token-0123456789abcdeF",
            "Basic bnVyc2UuamFuZTpjb3JyZWN0IGhvcnNlIGJhdHRlclk=" })
    void refusesUnauthenticatedActionsAndChangesNothing(String authorization) {
        long alertId = alertOf("unknown", 30);

        for (String action : new String[] { "acknowledge", "resolve" }) {
            ApiClient.Response response = this.api.post("/api/alerts/" + alertId + "/" + action, authorization,
                    "{\"by\":\"intruder\"}");

            assertThat(response.status()).isEqualTo(401);
        }
        assertUnchanged(alertId);
    }

    @Test
    void actionsArePostsOnly() {
        ApiClient.Response response = this.api.get("/api/alerts/" + alertOf("unknown", 30) + "/resolve",
                bearer(TOKEN));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    private JsonNode post(String path, String authorization, String body) {
        ApiClient.Response response = this.api.post(path, authorization, body);
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
        return response.json();
    }
}
