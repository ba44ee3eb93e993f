package io.heartbeat.consumer.api;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Acknowledging and resolving alerts through the API against a real PostgreSQL, without Kafka: what is recorded,
 * and that the first acknowledgement or resolution is kept; the refusals are in
 * {@link AbstractActionsIntegrationTests}.
 */
class AlertActionsIntegrationTests extends AbstractActionsIntegrationTests {

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

    @Override
    String noun() {
        return "alert";
    }

    @Override
    long untouched() {
        return alertOf("unknown", 30);
    }

    @Override
    void assertUntouched(long alertId) {
        assertUnchanged(alertId);
    }
}
