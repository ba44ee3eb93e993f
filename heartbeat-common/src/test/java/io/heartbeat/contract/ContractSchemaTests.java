package io.heartbeat.contract;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.util.SplittableRandom;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schema (docs/heartbeat-event.schema.json) and the code describe the same message.
 */
class ContractSchemaTests {

    @Test
    void schemaRequiresExactlyTheFieldsTheProducerWrites() throws Exception {
        JsonNode schema = JsonMapper.shared()
            .readTree(Files.readString(ProjectFiles.resolve("docs/heartbeat-event.schema.json")));
        Instant time = Instant.parse("2026-11-25T10:15:30.123Z");
        HeartbeatEvent event = new HeartbeatEvent(EventIds.timeOrdered(time, new SplittableRandom(1)), "p-1", time,
                BigDecimal.TEN);
        JsonNode written = JsonMapper.shared().readTree(HeartbeatJson.toJson(event));

        assertThat(schema.get("required").valueStream().map(JsonNode::stringValue))
            .containsExactly(HeartbeatJson.EVENT_ID, HeartbeatJson.PATIENT_ID, HeartbeatJson.TIMESTAMP,
                    HeartbeatJson.HEARTBEAT_VALUE);
        assertThat(schema.get("properties").propertyNames()).containsExactlyElementsOf(written.propertyNames());
        assertThat(schema.at("/properties/patient_id/maxLength").intValue())
            .isEqualTo(io.heartbeat.validation.HeartbeatClassifier.PATIENT_ID_MAX_LENGTH);
    }
}
