package io.heartbeat.consumer.api;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.heartbeat.consumer.FreshDatabaseInitializer;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts API (alerts and alarms) over the stored {@link ApiTestData} in a database of its own, without Kafka
 * (the listener does not start), with one set of credentials, as its integration tests run it.
 * <p>
 * Every subclass would otherwise share one cached context and so one database; {@code @DirtiesContext} gives each
 * its own, so one class's acknowledgements and resolutions never show in another's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=application,heartbeat-consumer",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.admin.auto-create=false",
        "heartbeat.alerts.resolve-after-valid=" + ApiTestData.RESOLVE_AFTER_VALID,
        "heartbeat.api.token=" + AbstractAlertsApiIntegrationTests.TOKEN,
        "heartbeat.api.user=" + AbstractAlertsApiIntegrationTests.USER,
        "heartbeat.api.password=" + AbstractAlertsApiIntegrationTests.PASSWORD })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext
abstract class AbstractAlertsApiIntegrationTests {

    static final String TOKEN = "test-token-0123456789abcdef";

    static final String USER = "nurse.jane";

    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    private int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeAll
    static void storeReadingsAndAlarms(@Autowired HeartbeatBatchWriter writer, @Autowired JdbcTemplate jdbc) {
        ApiTestData.store(writer);
        ApiTestData.storeAlarms(jdbc);
    }

    @BeforeEach
    void connect() {
        this.api = new ApiClient(this.port);
    }

    long alertOf(String patientId, int second) {
        return this.jdbc.queryForObject("SELECT alert_id FROM heartbeat_alerts WHERE patient_id = ? AND timestamp ="
                + " ?::timestamptz", Long.class, patientId, ApiTestData.at(second).toString());
    }

    Map<String, Object> row(long alertId) {
        return this.jdbc.queryForMap("SELECT resolved_flag, resolved_at, resolved_by, acknowledged_at,"
                + " acknowledged_by FROM heartbeat_alerts WHERE alert_id = ?", alertId);
    }

    long alarmOf(String patientId, String kind, int second) {
        return this.jdbc.queryForObject("SELECT alarm_id FROM patient_alarms WHERE patient_id = ? AND kind = ? AND"
                + " started_at = ?::timestamptz", Long.class, patientId, kind, ApiTestData.at(second).toString());
    }

    Map<String, Object> alarmRow(long alarmId) {
        return this.jdbc.queryForMap("SELECT state, ended_at, acknowledged_at, acknowledged_by, resolved_at,"
                + " resolved_by FROM patient_alarms WHERE alarm_id = ?", alarmId);
    }

    /** The alert is neither acknowledged nor resolved, by anyone. */
    void assertUnchanged(long alertId) {
        Map<String, Object> expected = nulls("resolved_at", "resolved_by", "acknowledged_at", "acknowledged_by");
        expected.put("resolved_flag", false);
        assertThat(row(alertId)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** The alarm is open: neither acknowledged nor resolved, by anyone, and not ended. */
    void assertAlarmUnchanged(long alarmId) {
        Map<String, Object> expected = nulls("ended_at", "acknowledged_at", "acknowledged_by", "resolved_at",
                "resolved_by");
        expected.put("state", "open");
        assertThat(alarmRow(alarmId)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** GET {@code path} with the token, which must answer 200. */
    ApiClient.Response ok(String path) {
        ApiClient.Response response = this.api.get(path, ApiClient.bearer(TOKEN));
        assertThat(response.status()).as(path + ": " + response.text()).isEqualTo(200);
        return response;
    }

    /** The response is a 400 problem document about {@code path} saying {@code detail}. */
    static void assertBadRequest(ApiClient.Response response, String path, String detail) {
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("title").asString()).isEqualTo("Bad Request");
        assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        assertThat(response.json().get("instance").asString()).isEqualTo(path.replaceAll("\\?.*", ""));
    }

    /** The response refuses a request without the right credentials, challenging for both, and shows nothing. */
    static void assertUnauthorized(ApiClient.Response response, String path) {
        assertThat(response.status()).as(path).isEqualTo(401);
        assertThat(response.challenges()).as(path)
            .containsExactlyInAnyOrder("Bearer realm=\"heartbeat-alerts\"", "Basic realm=\"heartbeat-alerts\"");
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
        assertThat(response.text()).doesNotContain("p-1@").doesNotContain("patientId");
    }

    /** The time, as seconds after {@link ApiTestData#T0}. */
    static long second(JsonNode time) {
        return Instant.parse(time.asString()).getEpochSecond() - ApiTestData.T0.getEpochSecond();
    }

    private static Map<String, Object> nulls(String... columns) {
        Map<String, Object> nulls = new HashMap<>();
        for (String column : columns) {
            nulls.put(column, null);
        }
        return nulls;
    }
}
