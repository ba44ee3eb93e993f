package io.heartbeat.consumer.api;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static io.heartbeat.consumer.api.ApiTestData.BRADYCARDIA;
import static io.heartbeat.consumer.api.ApiTestData.DEVICE_SILENT;
import static io.heartbeat.consumer.api.ApiTestData.TACHYCARDIA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side of the alarms API against a real PostgreSQL, without Kafka (the listener does not start): listing,
 * filtering and paging the alarms of {@link ApiTestData}, one alarm, and every refusal on the way.
 */
class AlarmsApiIntegrationTests extends AbstractAlertsApiIntegrationTests {

    @Test
    void listsEveryAlarmNewestStartedFirstWithItsLifecycle() {
        JsonNode page = ok("/api/alarms").json();

        assertThat(alarms(page)).containsExactly("p-3@400 sustained_bradycardia open",
                "p-2@300 sustained_tachycardia open", "p-3@250 sustained_tachycardia resolved",
                "p-1@200 device_silent open", "p-2@110 sustained_bradycardia acknowledged",
                "p-1@100 sustained_tachycardia resolved", "p-2@50 sustained_bradycardia resolved");
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(50);
        assertThat(page.get("hasNext").asBoolean()).isFalse();
        assertThat(page.get("items").get(2)).isEqualTo(json(alarmOf("p-3", TACHYCARDIA, 250), """
                "patientId": "p-3", "kind": "sustained_tachycardia", "startedAt": "2025-01-01T00:04:10Z",
                "detectedAt": "2025-01-01T00:04:14Z", "endedAt": "2025-01-01T00:04:50Z", "state": "resolved",
                "acknowledgedAt": null, "acknowledgedBy": null,
                "resolvedAt": "2025-01-01T00:04:30Z", "resolvedBy": "dr.who\""""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "patientId=p-2                  | p-2@300, p-2@110, p-2@50",
            "kind=sustained_bradycardia     | p-3@400, p-2@110, p-2@50",
            "kind=device_silent             | p-1@200",
            "state=open                     | p-3@400, p-2@300, p-1@200",
            "state=acknowledged             | p-2@110",
            "state=resolved                 | p-3@250, p-1@100, p-2@50",
            "state=unresolved               | p-3@400, p-2@300, p-1@200, p-2@110",
            "from=2025-01-01T00:01:40Z&to=2025-01-01T00:04:10Z | p-1@200, p-2@110, p-1@100",
            "from=2025-01-01T01:05:00%2B01:00 | p-3@400, p-2@300",
            "patientId=p-2&kind=sustained_bradycardia&state=resolved&to=2025-01-01T00:01:50Z | p-2@50",
            "patientId=p-404                | ''" })
    void filtersByPatientKindStateAndStart(String query, String expected) {
        List<String> alarms = alarms(ok("/api/alarms?" + query).json()).stream()
            .map((alarm) -> alarm.substring(0, alarm.indexOf(' ')))
            .toList();

        assertThat(String.join(", ", alarms)).isEqualTo(expected);
    }

    @Test
    void pagesAreBoundedAndSayWhetherMoreFollow() {
        JsonNode first = ok("/api/alarms?size=3").json();
        JsonNode last = ok("/api/alarms?size=3&page=2").json();
        JsonNode beyond = ok("/api/alarms?size=3&page=3").json();

        assertThat(alarms(first)).containsExactly("p-3@400 sustained_bradycardia open",
                "p-2@300 sustained_tachycardia open", "p-3@250 sustained_tachycardia resolved");
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        assertThat(alarms(last)).containsExactly("p-2@50 sustained_bradycardia resolved");
        assertThat(last.get("hasNext").asBoolean()).isFalse();
        assertThat(alarms(beyond)).isEmpty();
        assertThat(beyond.get("hasNext").asBoolean()).isFalse();
    }

    @Test
    void showsOneAlarmAndSaysWhenThereIsNone() {
        long alarmId = alarmOf("p-2", BRADYCARDIA, 110);

        JsonNode alarm = ok("/api/alarms/" + alarmId).json();
        ApiClient.Response missing = this.api.get("/api/alarms/999999", bearer(TOKEN));

        assertThat(alarm).isEqualTo(json(alarmId, """
                "patientId": "p-2", "kind": "sustained_bradycardia", "startedAt": "2025-01-01T00:01:50Z",
                "detectedAt": "2025-01-01T00:01:54Z", "endedAt": null, "state": "acknowledged",
                "acknowledgedAt": "2025-01-01T00:02:00Z", "acknowledgedBy": "nurse.jane",
                "resolvedAt": null, "resolvedBy": null"""));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
        assertThat(missing.json().get("detail").asString()).isEqualTo("No alarm 999999");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/alarms?size=501                  | size must be less than or equal to 500",
            "/api/alarms?page=1001                 | page must be less than or equal to 1000",
            "/api/alarms?kind=tachycardia"
                    + " | kind must be sustained_tachycardia, sustained_bradycardia or device_silent",
            "/api/alarms?state=closed              | state must be open, acknowledged, resolved or unresolved",
            "/api/alarms?state=OPEN                | state must be open, acknowledged, resolved or unresolved",
            "/api/alarms?to=yesterday              | Failed to convert 'to' with value: 'yesterday'",
            "/api/alarms?from=2025-01-01T00:00:05Z&to=2025-01-01T00:00:04Z"
                    + " | from (2025-01-01T00:00:05Z) must be before to (2025-01-01T00:00:04Z)",
            "/api/alarms?patientId=p-12345678901234567890123456789012345678901234567890"
                    + " | patientId size must be between 1 and 50",
            "/api/alarms/forty-two                 | Failed to convert 'alarmId' with value: 'forty-two'" })
    void refusesBadInputWithAProblemSayingWhatIsWrong(String path, String detail) {
        assertBadRequest(this.api.get(path, bearer(TOKEN)), path, detail);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = { "none", "Bearer wrong-token-0123456789abcdef",
            "Basic bnVyc2UuamFuZTp3cm9uZw==" })
    void refusesEveryRequestWithoutTheRightCredentials(String authorization) {
        long alarmId = alarmOf("p-1", DEVICE_SILENT, 200);

        for (String path : List.of("/api/alarms", "/api/alarms/" + alarmId)) {
            assertUnauthorized(this.api.get(path, authorization), path);
        }
        for (String action : List.of("acknowledge", "resolve")) {
            String path = "/api/alarms/" + alarmId + "/" + action;
            assertUnauthorized(this.api.post(path, authorization, "{\"by\":\"intruder\"}"), path);
        }
        assertAlarmUnchanged(alarmId);
    }

    @Test
    void acceptsTheTokenAndTheBasicCredentials() {
        assertThat(this.api.get("/api/alarms", bearer(TOKEN)).status()).isEqualTo(200);
        assertThat(this.api.get("/api/alarms", basic(USER, PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void theApiDescriptionListsTheFiltersAndTheirValues() {
        JsonNode list = this.api.get("/v3/api-docs", null).json().get("paths").get("/api/alarms").get("get");

        assertThat(list.get("tags").get(0).asString()).isEqualTo("Alarms");
        assertThat(list.get("parameters").findValuesAsString("name")).containsExactly("patientId", "kind", "state",
                "from", "to", "page", "size");
        assertThat(list.get("parameters").get(1).get("schema").get("enum").toString())
            .isEqualTo("[\"sustained_tachycardia\",\"sustained_bradycardia\",\"device_silent\"]");
        assertThat(list.get("parameters").get(2).get("schema").get("enum").toString())
            .isEqualTo("[\"open\",\"acknowledged\",\"resolved\",\"unresolved\"]");
    }

    /** The page's alarms as "patient@second kind state". */
    private static List<String> alarms(JsonNode page) {
        List<String> alarms = new ArrayList<>();
        for (JsonNode alarm : page.get("items")) {
            alarms.add(alarm.get("patientId").asString() + "@" + second(alarm.get("startedAt")) + " "
                    + alarm.get("kind").asString() + " " + alarm.get("state").asString());
        }
        return alarms;
    }

    private JsonNode json(long alarmId, String fields) {
        return this.api.json("{\"id\": " + alarmId + ", " + fields + "}");
    }
}
