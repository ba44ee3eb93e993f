package io.heartbeat.consumer.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What acknowledging and resolving refuse, the same for alerts and alarms: each refused request changes nothing.
 * The subclasses add what the actions record.
 */
abstract class AbstractActionsIntegrationTests extends AbstractAlertsApiIntegrationTests {

    /** {@code alert} or {@code alarm}: the API's paths are {@code /api/<noun>s}. */
    abstract String noun();

    /** The id of one no test of the class changes. */
    abstract long untouched();

    /** The one of {@code id} is as stored: not acknowledged, not resolved. */
    abstract void assertUntouched(long id);

    String path(long id, String action) {
        return "/api/" + noun() + "s/" + id + "/" + action;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "acknowledge | {\"by\":\"two words\"} | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":\"\"}          | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":\"auto (3 valid readings)\"} | by must be 1 to 100 letters, digits or ._@-",
            "resolve     | {\"by\":                 | Failed to read request" })
    void refusesABadBodyAndChangesNothing(String action, String body, String detail) {
        ApiClient.Response response = this.api.post(path(untouched(), action), bearer(TOKEN), body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        assertUntouched(untouched());
    }

    @ParameterizedTest
    @CsvSource({ "acknowledge", "resolve" })
    void anUnknownIdIsNotFound(String action) {
        ApiClient.Response response = this.api.post(path(424242, action), bearer(TOKEN), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).isEqualTo("No " + noun() + " 424242");
        assertThat(this.api.get("/api/" + noun() + "s/424242", bearer(TOKEN)).status()).isEqualTo(404);
    }

    @ParameterizedTest
    // Near misses of the real credentials: the token's last character, the password's last letter's case.
    @CsvSource(nullValues = "none", value = { "none", "Bearer test-token-0123456789abcdeF",
            "Basic bnVyc2UuamFuZTpjb3JyZWN0IGhvcnNlIGJhdHRlclk=" })
    void refusesUnauthenticatedActionsAndChangesNothing(String authorization) {
        for (String action : new String[] { "acknowledge", "resolve" }) {
            ApiClient.Response response = this.api.post(path(untouched(), action), authorization,
                    "{\"by\":\"intruder\"}");

            assertThat(response.status()).isEqualTo(401);
        }
        assertUntouched(untouched());
    }

    @Test
    void actionsArePostsOnly() {
        ApiClient.Response response = this.api.get(path(untouched(), "resolve"), bearer(TOKEN));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    JsonNode post(String path, String authorization, String body) {
        ApiClient.Response response = this.api.post(path, authorization, body);
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
        return response.json();
    }
}
