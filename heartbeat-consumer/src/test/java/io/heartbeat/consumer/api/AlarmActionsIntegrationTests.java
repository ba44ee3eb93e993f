package io.heartbeat.consumer.api;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static io.heartbeat.consumer.api.ApiTestData.AUTO_ALARM;
import static io.heartbeat.consumer.api.ApiTestData.BRADYCARDIA;
import static io.heartbeat.consumer.api.ApiTestData.DEVICE_SILENT;
import static io.heartbeat.consumer.api.ApiTestData.TACHYCARDIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Acknowledging and resolving alarms through the API against a real PostgreSQL, without Kafka: what is recorded in
 * each state, that the first acknowledgement or resolution is kept, and that the episode's end is left to the
 * detector; the refusals are in {@link AbstractActionsIntegrationTests}.
 */
class AlarmActionsIntegrationTests extends AbstractActionsIntegrationTests {

    @Test
    void acknowledgingAnOpenAlarmRecordsWhoAndWhenAndKeepsTheFirst() {
        long alarmId = alarmOf("p-1", DEVICE_SILENT, 200);

        JsonNode first = post(path(alarmId, "acknowledge"), bearer(TOKEN), null);
        JsonNode again = post(path(alarmId, "acknowledge"), basic(USER, PASSWORD), "{\"by\":\"someone.else\"}");

        assertThat(first.get("state").asString()).isEqualTo("acknowledged");
        assertThat(first.get("acknowledgedBy").asString()).isEqualTo(ApiSettings.TOKEN_PRINCIPAL);
        assertThat(Instant.parse(first.get("acknowledgedAt").asString())).isCloseTo(Instant.now(),
                within(Duration.ofMinutes(1)));
        assertThat(again).isEqualTo(first);
        Map<String, Object> row = alarmRow(alarmId);
        assertThat(row).containsEntry("state", "acknowledged")
            .containsEntry("acknowledged_by", ApiSettings.TOKEN_PRINCIPAL)
            .containsEntry("ended_at", null)
            .containsEntry("resolved_at", null)
            .containsEntry("resolved_by", null);
        assertThat(((Timestamp) row.get("acknowledged_at")).toInstant())
            .isEqualTo(Instant.parse(first.get("acknowledgedAt").asString()));
    }

    @Test
    void acknowledgingAResolvedAlarmRecordsItAndLeavesItResolved() {
        long alarmId = alarmOf("p-3", TACHYCARDIA, 250);

        JsonNode alarm = post(path(alarmId, "acknowledge"), basic(USER, PASSWORD), "{\"by\":\"nurse.jones\"}");

        assertThat(alarm.get("state").asString()).isEqualTo("resolved");
        assertThat(alarm.get("acknowledgedBy").asString()).isEqualTo("nurse.jones");
        assertThat(alarm.get("resolvedBy").asString()).isEqualTo("dr.who");
        assertThat(alarm.get("resolvedAt").asString()).isEqualTo("2025-01-01T00:04:30Z");
        assertThat(alarm.get("endedAt").asString()).isEqualTo("2025-01-01T00:04:50Z");
    }

    @Test
    void aResolvedAlarmAcknowledgedBeforeKeepsItsFirstAcknowledgement() {
        long alarmId = alarmOf("p-2", BRADYCARDIA, 50);

        JsonNode alarm = post(path(alarmId, "acknowledge"), bearer(TOKEN), "{\"by\":\"late.nurse\"}");

        assertThat(alarm.get("state").asString()).isEqualTo("resolved");
        assertThat(alarm.get("acknowledgedBy").asString()).isEqualTo("nurse.jane");
        assertThat(alarm.get("acknowledgedAt").asString()).isEqualTo("2025-01-01T00:01:00Z");
    }

    @Test
    void resolvingRecordsTheOperatorAndLeavesTheEpisodeGoingOn() {
        long open = alarmOf("p-2", TACHYCARDIA, 300);
        long acknowledged = alarmOf("p-2", BRADYCARDIA, 110);

        JsonNode named = post(path(open, "resolve"), basic(USER, PASSWORD), "{\"by\":\"dr.who@ward-3\"}");
        JsonNode byToken = post(path(acknowledged, "resolve"), bearer(TOKEN), "{}");

        assertThat(named.get("state").asString()).isEqualTo("resolved");
        assertThat(named.get("resolvedBy").asString()).isEqualTo("dr.who@ward-3");
        assertThat(Instant.parse(named.get("resolvedAt").asString())).isCloseTo(Instant.now(),
                within(Duration.ofMinutes(1)));
        assertThat(named.get("endedAt").isNull()).isTrue();
        assertThat(named.get("acknowledgedAt").isNull()).isTrue();
        assertThat(alarmRow(open)).containsEntry("state", "resolved")
            .containsEntry("resolved_by", "dr.who@ward-3")
            .containsEntry("ended_at", null);
        assertThat(byToken.get("state").asString()).isEqualTo("resolved");
        assertThat(byToken.get("resolvedBy").asString()).isEqualTo(ApiSettings.TOKEN_PRINCIPAL);
        assertThat(byToken.get("acknowledgedBy").asString()).isEqualTo("nurse.jane");
        assertThat(byToken.get("acknowledgedAt").asString()).isEqualTo("2025-01-01T00:02:00Z");
        assertThat(byToken.get("endedAt").isNull()).isTrue();
        assertThat(alarmRow(acknowledged)).containsEntry("state", "resolved")
            .containsEntry("resolved_by", ApiSettings.TOKEN_PRINCIPAL)
            .containsEntry("acknowledged_by", "nurse.jane")
            .containsEntry("ended_at", null);
    }

    @Test
    void anAlarmAlreadyResolvedKeepsItsFirstResolution() {
        long automatic = alarmOf("p-1", TACHYCARDIA, 100);

        JsonNode alarm = post(path(automatic, "resolve"), bearer(TOKEN), "{\"by\":\"late.nurse\"}");

        assertThat(alarm.get("state").asString()).isEqualTo("resolved");
        assertThat(alarm.get("resolvedBy").asString()).isEqualTo(AUTO_ALARM);
        assertThat(alarm.get("resolvedAt").asString()).isEqualTo("2025-01-01T00:02:10Z");
        assertThat(alarm.get("endedAt").asString()).isEqualTo("2025-01-01T00:02:10Z");
        assertThat(alarm.get("acknowledgedBy").isNull()).isTrue();
    }

    @Override
    String noun() {
        return "alarm";
    }

    @Override
    long untouched() {
        return alarmOf("p-3", BRADYCARDIA, 400);
    }

    @Override
    void assertUntouched(long alarmId) {
        assertAlarmUnchanged(alarmId);
    }
}
