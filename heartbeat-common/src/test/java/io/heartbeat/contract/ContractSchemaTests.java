package io.heartbeat.contract;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import io.heartbeat.testsupport.ProjectFiles;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schema (docs/heartbeat-event.schema.json) and the code describe the same message.
 */
class ContractSchemaTests {

    private static final String[] OFFSETS = { "", "Z", "z", "+01", "-05", "+01:00", "-09:30", "+00:00:01", "-01:30:00",
            "+1", "+1:00", "+0100", "+01:0", "+01:00:0", "01:00", "UTC", "+01:00[Europe/Paris]", " Z" };

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

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

    @ParameterizedTest
    @ValueSource(strings = { "2026-12-04T08:00:01", "2026-12-03T23:55:26.351028", "2026-11-25T10:15",
            "2026-11-25T10:15:30.", "2026-11-25T10:15:30.123456789", "2026-11-25t10:15:30z", "2026-11-25T10:15:30+01",
            "2026-11-25T10:15:30-05:30", "2026-11-25T10:15:30+01:00:30", "2026-11-25T10:15:30.123Z" })
    void theTimestampPatternMatchesTheDocumentedForms(String timestamp) throws Exception {
        assertThat(timestampPattern().matcher(timestamp).matches()).isTrue();
        assertThat(acceptsTimestamp(timestamp)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25 10:15:30", "2026-11-25T10:15:30.1234567891", "2026-11-25T10:15:30+0100",
            "2026-11-25T10:15.5", "2026-11-25", "20261125T101530Z", "+2026-11-25T10:15:30Z", "2026-11-25T10:15:30 Z",
            "２０２６-11-25T10:15:30" })
    void theTimestampPatternRefusesOtherShapes(String timestamp) throws Exception {
        assertThat(timestampPattern().matcher(timestamp).matches()).isFalse();
        assertThat(acceptsTimestamp(timestamp)).isFalse();
    }

    // With every field in range, the shape alone decides: the pattern matches exactly what the classifier accepts.
    @Test
    void theTimestampPatternMatchesExactlyWhatTheClassifierAcceptsWhenFieldsAreInRange() throws Exception {
        Pattern pattern = timestampPattern();
        SplittableRandom random = new SplittableRandom(20261204L);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            text.append(String.format("%04d-%02d-%02d", random.nextInt(1, 10000), random.nextInt(1, 13),
                    random.nextInt(1, 29)));
            text.append("TTTTt ".charAt(random.nextInt(6)));
            text.append(String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)));
            if (random.nextInt(4) != 0) {
                text.append(String.format(":%02d", random.nextInt(60)));
                if (random.nextBoolean()) {
                    text.append('.').append("1234567890".substring(0, random.nextInt(11)));
                }
            }
            else if (random.nextInt(4) == 0) {
                text.append(".5");
            }
            text.append(OFFSETS[random.nextInt(OFFSETS.length)]);
            String timestamp = text.toString();
            assertThat(pattern.matcher(timestamp).matches()).as(timestamp).isEqualTo(acceptsTimestamp(timestamp));
        }
    }

    private static Pattern timestampPattern() throws Exception {
        JsonNode schema = JsonMapper.shared()
            .readTree(Files.readString(ProjectFiles.resolve("docs/heartbeat-event.schema.json")));
        return Pattern.compile(schema.at("/properties/timestamp/pattern").stringValue());
    }

    private boolean acceptsTimestamp(String timestamp) {
        String payload = "{\"patient_id\":\"p-1\",\"timestamp\":\"" + timestamp + "\",\"heartbeat_value\":72}";
        AnomalyType anomaly = this.classifier.classify(payload.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)
            .anomalyType();
        return anomaly != AnomalyType.INVALID_TIMESTAMP;
    }
}
