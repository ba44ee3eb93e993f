package io.heartbeat.consumer.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side of the alerts API against a real PostgreSQL, without Kafka (the listener does not start): listing,
 * filtering and paging alerts, one alert, a patient's readings and summary, and every refusal on the way.
 */
class AlertsApiIntegrationTests extends AbstractAlertsApiIntegrationTests {

    private static final String AUTO = "auto (3 valid readings)";

    @Test
    void listsEveryAlertNewestFirstWithItsLifecycle() {
        JsonNode page = ok("/api/alerts").json();

        assertThat(alerts(page)).containsExactly("unknown@30 data_corruption open", "p-2@23 physiological_anomaly open",
                "p-2@22 physiological_anomaly open", "p-2@21 physiological_anomaly open",
                "p-1@10 physiological_anomaly open", "p-1@2 system_anomaly resolved@5 by " + AUTO,
                "p-1@1 physiological_anomaly resolved@5 by " + AUTO);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("hasNext").asBoolean()).isFalse();
        JsonNode first = page.get("items").get(6);
        assertThat(first.get("heartbeatValue").decimalValue()).isEqualByComparingTo("150");
        assertThat(first.get("timestamp").asString()).isEqualTo("2025-01-01T00:00:01Z");
        assertThat(first.get("resolvedAt").asString()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(first.get("acknowledgedAt").isNull()).isTrue();
        assertThat(first.get("acknowledgedBy").isNull()).isTrue();
        assertThat(first.get("createdAt").isNull()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "patientId=p-1                  | p-1@10, p-1@2, p-1@1",
            "category=system_anomaly        | p-1@2",
            "state=open                     | unknown@30, p-2@23, p-2@22, p-2@21, p-1@10",
            "state=resolved                 | p-1@2, p-1@1",
            "from=2025-01-01T00:00:02Z&to=2025-01-01T00:00:22Z | p-2@21, p-1@10, p-1@2",
            "from=2025-01-01T01:00:10%2B01:00 | unknown@30, p-2@23, p-2@22, p-2@21, p-1@10",
            "patientId=p-2&category=physiological_anomaly&state=open&to=2025-01-01T00:00:23Z | p-2@22, p-2@21",
            "patientId=p-3                  | ''" })
    void filtersByPatientCategoryStateAndTime(String query, String expected) {
        List<String> alerts = alerts(ok("/api/alerts?" + query).json()).stream()
            .map((alert) -> alert.substring(0, alert.indexOf(' ')))
            .toList();

        assertThat(String.join(", ", alerts)).isEqualTo(expected);
    }

    @Test
    void pagesAreBoundedAndSayWhetherMoreFollow() {
        JsonNode first = ok("/api/alerts?size=3").json();
        JsonNode last = ok("/api/alerts?size=3&page=2").json();
        JsonNode beyond = ok("/api/alerts?size=3&page=3").json();

        assertThat(alerts(first)).hasSize(3).first().asString().startsWith("unknown@30");
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        assertThat(alerts(last)).singleElement().asString().startsWith("p-1@1 ");
        assertThat(last.get("hasNext").asBoolean()).isFalse();
        assertThat(alerts(beyond)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/alerts?size=501                  | size must be less than or equal to 500",
            "/api/alerts?size=0                    | size must be greater than or equal to 1",
            "/api/alerts?page=-1                   | page must be greater than or equal to 0",
            "/api/alerts?page=1001                 | page must be less than or equal to 1000",
            "/api/alerts?category=cardiac | category must be physiological_anomaly, system_anomaly or data_corruption",
            "/api/alerts?state=closed              | state must be open or resolved",
            "/api/alerts?from=yesterday            | Failed to convert 'from' with value: 'yesterday'",
            "/api/alerts?from=2025-01-01T00:00:05Z&to=2025-01-01T00:00:05Z"
                    + " | from (2025-01-01T00:00:05Z) must be before to (2025-01-01T00:00:05Z)",
            "/api/alerts?patientId=p-12345678901234567890123456789012345678901234567890"
                    + " | patientId size must be between 1 and 50",
            "/api/alerts/forty-two                 | Failed to convert 'alertId' with value: 'forty-two'",
            "/api/patients/p-1/readings?limit=1001 | limit must be less than or equal to 1000",
            "/api/patients/p-1/summary?from=2025-01-01T00:00:00Z&to=2025-01-08T00:00:01Z"
                    + " | from and to must be at most 7 days apart" })
    void refusesBadInputWithAProblemSayingWhatIsWrong(String path, String detail) {
        assertBadRequest(this.api.get(path, bearer(TOKEN)), path, detail);
    }

    @Test
    void showsOneAlertAndSaysWhenThereIsNone() {
        long alertId = ok("/api/alerts?patientId=p-1&category=system_anomaly").json().get("items").get(0)
            .get("alertId").asLong();

        JsonNode alert = ok("/api/alerts/" + alertId).json();
        ApiClient.Response missing = this.api.get("/api/alerts/999999", bearer(TOKEN));

        assertThat(alert.get("patientId").asString()).isEqualTo("p-1");
        assertThat(alert.get("category").asString()).isEqualTo("system_anomaly");
        assertThat(alert.get("heartbeatValue").isNull()).isTrue();
        assertThat(alert.get("resolved").asBoolean()).isTrue();
        assertThat(alert.get("resolvedBy").asString()).isEqualTo(AUTO);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        assertThat(missing.json().get("detail").asString()).isEqualTo("No alert 999999");
    }

    @Test
    void showsAPatientsNewestReadings() {
        JsonNode newest = ok("/api/patients/p-1/readings?limit=3").json();
        JsonNode ranged = ok("/api/patients/p-1/readings?from=2025-01-01T00:00:02Z&to=2025-01-01T00:00:04Z").json();

        assertThat(newest.get("patientId").asString()).isEqualTo("p-1");
        assertThat(readings(newest)).containsExactly("@11 valid 90", "@10 invalid_physiological high_bpm 130",
                "@5 valid 80");
        assertThat(readings(ranged)).containsExactly("@3 valid 60", "@2 invalid_system null_value -");
    }

    @Test
    void summarisesAPatientsReadingsAndOpenAlerts() {
        JsonNode summary = ok("/api/patients/p-1/summary?from=2025-01-01T00:00:00Z&to=2025-01-01T00:01:00Z").json();

        assertThat(summary.get("patientId").asString()).isEqualTo("p-1");
        assertThat(summary.get("from").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(summary.get("to").asString()).isEqualTo("2025-01-01T00:01:00Z");
        assertThat(summary.get("readings").toString()).isEqualTo(
                "{\"total\":7,\"valid\":4,\"invalid_physiological\":2,\"invalid_system\":1,\"corrupted\":0}");
        assertThat(summary.get("validBpm").get("min").decimalValue()).isEqualByComparingTo("60");
        assertThat(summary.get("validBpm").get("max").decimalValue()).isEqualByComparingTo("90");
        assertThat(summary.get("validBpm").get("average").decimalValue()).isEqualByComparingTo("75.00");
        assertThat(summary.get("lastReadingAt").asString()).isEqualTo("2025-01-01T00:00:11Z");
        assertThat(summary.get("openAlerts").toString()).isEqualTo(
                "{\"total\":1,\"physiological_anomaly\":1,\"system_anomaly\":0,\"data_corruption\":0}");
        assertThat(summary.get("oldestOpenAlertAt").asString()).isEqualTo("2025-01-01T00:00:10Z");
    }

    @Test
    void summarisesTheLastHourByDefaultAndAPatientWithoutAlerts() {
        JsonNode summary = ok("/api/patients/p-3/summary").json();

        // p-3's readings are from 2025, long before the last hour.
        assertThat(summary.get("readings").get("total").asLong()).isZero();
        assertThat(summary.get("validBpm").isNull()).isTrue();
        assertThat(summary.get("lastReadingAt").asString()).isEqualTo("2025-01-01T00:00:42Z");
        assertThat(summary.get("openAlerts").get("total").asLong()).isZero();
        assertThat(summary.get("oldestOpenAlertAt").isNull()).isTrue();
        assertThat(Duration.between(Instant.parse(summary.get("from").asString()),
                Instant.parse(summary.get("to").asString()))).hasHours(1);
    }

    @ParameterizedTest
    @CsvSource({ "/api/patients/p-404/readings", "/api/patients/p-404/summary" })
    void aPatientThatNeverReportedIsNotFound(String path) {
        ApiClient.Response response = this.api.get(path, bearer(TOKEN));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asString()).isEqualTo("No readings of patient p-404");
    }

    @Test
    void acceptsTheTokenAndTheBasicCredentials() {
        assertThat(this.api.get("/api/alerts", bearer(TOKEN)).status()).isEqualTo(200);
        assertThat(this.api.get("/api/alerts", "bearer   " + TOKEN + " ").status()).isEqualTo(200);
        assertThat(this.api.get("/api/alerts", basic(USER, PASSWORD)).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "none",
            "Bearer wrong-token-0123456789abcdef",
            "Bearer test-token-0123456789abcde",
            "Bearer",
            "Token test-token-0123456789abcdef",
            "Basic bnVyc2UuamFuZTp3cm9uZw==",
            "Basic bm9ib2R5OmNvcnJlY3QgaG9yc2UgYmF0dGVyeQ==",
            "Basic !!!" })
    void refusesEveryRequestWithoutTheRightCredentials(String authorization) {
        for (String path : List.of("/api/alerts", "/api/alerts/1", "/api/patients/p-1/readings",
                "/api/patients/p-1/summary", "/api/nothing-here")) {
            assertUnauthorized(this.api.get(path, authorization), path);
        }
    }

    @Test
    void leavesTheActuatorAndTheApiDocumentationOpen() {
        // Liveness: no Kafka runs here, so health itself is DOWN (503), which says nothing about reachability.
        assertThat(this.api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(this.api.get("/actuator/info", null).status()).isEqualTo(200);
        assertThat(this.api.get("/actuator/prometheus", null).text()).contains("heartbeat_events_stored_total");
        assertThat(this.api.get("/actuator/env", null).status()).isEqualTo(404);

        JsonNode openApi = this.api.get("/v3/api-docs", null).json();

        assertThat(openApi.get("paths").propertyNames()).containsExactlyInAnyOrder("/api/alerts",
                "/api/alerts/{alertId}", "/api/alerts/{alertId}/acknowledge", "/api/alerts/{alertId}/resolve",
                "/api/alarms", "/api/alarms/{alarmId}", "/api/alarms/{alarmId}/acknowledge",
                "/api/alarms/{alarmId}/resolve", "/api/patients/{patientId}/readings",
                "/api/patients/{patientId}/summary");
        assertThat(openApi.get("components").get("securitySchemes").propertyNames())
            .containsExactlyInAnyOrder("token", "basic");
        assertThat(this.api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    /** The page's alerts as "patient@second category state". */
    private static List<String> alerts(JsonNode page) {
        List<String> alerts = new ArrayList<>();
        for (JsonNode alert : page.get("items")) {
            String state = alert.get("resolved").asBoolean()
                    ? "resolved@" + second(alert.get("resolvedAt")) + " by " + alert.get("resolvedBy").asString()
                    : "open";
            alerts.add(alert.get("patientId").asString() + "@" + second(alert.get("timestamp")) + " "
                    + alert.get("category").asString() + " " + state);
        }
        return alerts;
    }

    private static List<String> readings(JsonNode readings) {
        List<String> lines = new ArrayList<>();
        for (JsonNode reading : readings.get("readings")) {
            lines.add("@" + second(reading.get("timestamp")) + " " + reading.get("status").asString()
                    + (reading.get("anomalyType").isNull() ? "" : " " + reading.get("anomalyType").asString()) + " "
                    + (reading.get("heartbeatValue").isNull() ? "-" : reading.get("heartbeatValue").asString()));
        }
        return lines;
    }
}
