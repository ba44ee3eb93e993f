package io.heartbeat.consumer.api;

import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.heartbeat.consumer.api.ApiClient.basic;
import static io.heartbeat.consumer.api.ApiClient.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no credentials configured the alerts API is off: 404 for every /api request, with or without credentials,
 * while the actuator stays reachable.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=application,heartbeat-consumer",
        "spring.kafka.listener.auto-startup=false",
        "spring.kafka.admin.auto-create=false",
        "heartbeat.api.token= ",
        "heartbeat.api.user=",
        "heartbeat.api.password=" })
@ExtendWith(OutputCaptureExtension.class)
class ApiOffIntegrationTests {

    private static final TestPostgres.Database database = TestPostgres.freshDatabase();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        database.register(registry);
    }

    @Test
    void everyApiRequestIsNotFoundWhateverItCarries() {
        ApiClient api = new ApiClient(this.port);

        for (String authorization : new String[] { null, bearer("any-token-0123456789abcdef"),
                basic("nurse.jane", "password123") }) {
            for (String path : List.of("/api/alerts", "/api/alerts/1", "/api/alarms", "/api/alarms/1",
                    "/api/patients/p-1/summary", "/api")) {
                ApiClient.Response response = api.get(path, authorization);

                assertThat(response.status()).as(path).isEqualTo(404);
                assertThat(response.challenges()).isEmpty();
                assertThat(response.contentType()).isEqualTo("application/problem+json");
                assertThat(response.json().get("detail").asString())
                    .isEqualTo("The alerts API is off: no credentials are configured");
            }
            assertThat(api.post("/api/alerts/1/resolve", authorization, null).status()).isEqualTo(404);
            assertThat(api.post("/api/alarms/1/acknowledge", authorization, null).status()).isEqualTo(404);
        }
    }

    @Test
    void theActuatorStaysReachable() {
        ApiClient api = new ApiClient(this.port);

        // Liveness: no Kafka runs here, so health itself is DOWN (503), which says nothing about reachability.
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(200);
    }

    @Test
    void saysAtStartThatTheApiIsOff(CapturedOutput output) {
        assertThat(output).contains(
                "Alerts API is off: set ALERTS_API_TOKEN, or ALERTS_API_USER and ALERTS_API_PASSWORD");
    }
}
