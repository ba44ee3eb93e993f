package io.heartbeat.consumer.api;

import java.util.HashMap;
import java.util.Map;

import io.heartbeat.consumer.FreshDatabaseInitializer;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts API over the stored {@link ApiTestData} in a database of its own, without Kafka (the listener does not
 * start), with one set of credentials, as its integration tests run it.
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
    static void storeReadings(@Autowired HeartbeatBatchWriter writer) {
        ApiTestData.store(writer);
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

    /** The alert is neither acknowledged nor resolved, by anyone. */
    void assertUnchanged(long alertId) {
        Map<String, Object> expected = new HashMap<>();
        expected.put("resolved_flag", false);
        expected.put("resolved_at", null);
        expected.put("resolved_by", null);
        expected.put("acknowledged_at", null);
        expected.put("acknowledged_by", null);
        assertThat(row(alertId)).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
