package io.heartbeat.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.zone.ZoneRulesException;
import java.util.HashMap;
import java.util.Map;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.HeartbeatClassifier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The topics the consumer declares: the readings' and its dead letters', with the same partitions and replicas; the
 * consumer's group settings; and the classifier's zone for timestamps without an offset and its bounds on timestamps.
 */
class KafkaConsumerConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(KafkaConsumerConfiguration.class);

    @Test
    void bothTopicsHaveTheConfiguredPartitionsAndReplicas() {
        this.runner.withPropertyValues("heartbeat.kafka.topic=readings", "heartbeat.kafka.partitions=4",
                "heartbeat.kafka.replicas=3").run((context) -> {
                    Map<String, NewTopic> topics = context.getBeansOfType(NewTopic.class);

                    assertThat(topics.values()).extracting(NewTopic::name, NewTopic::numPartitions,
                            NewTopic::replicationFactor, NewTopic::configs)
                        .containsExactlyInAnyOrder(tuple("readings", 4, (short) 3, null),
                                tuple("readings.DLT", 4, (short) 3,
                                        Map.of("max.message.bytes", "16777216")));
                });
    }

    @Test
    void withoutReplicasBothTopicsLeaveTheFactorToTheBroker() {
        this.runner.run((context) -> assertThat(context.getBeansOfType(NewTopic.class).values())
            .extracting(NewTopic::name, NewTopic::numPartitions, NewTopic::replicationFactor)
            .containsExactlyInAnyOrder(tuple("heartbeats", 6, (short) -1),
                    tuple("heartbeats.DLT", 6, (short) -1)));
    }

    @Test
    void theClassifierReadsATimestampWithoutOffsetAsUtcByDefault() {
        this.runner.run((context) -> assertThat(localTimeRead(context))
            .isEqualTo(Instant.parse("2026-12-04T08:00:01Z")));
    }

    @Test
    void theClassifierReadsATimestampWithoutOffsetInTheConfiguredZone() {
        this.runner.withPropertyValues("heartbeat.timestamps.default-zone=Europe/Paris")
            .run((context) -> assertThat(localTimeRead(context)).isEqualTo(Instant.parse("2026-12-04T07:00:01Z")));
    }

    @Test
    void anUnknownZoneStopsTheContext() {
        this.runner.withPropertyValues("heartbeat.timestamps.default-zone=Mars/Olympus_Mons")
            .run((context) -> assertThat(context).getFailure()
                .hasRootCauseInstanceOf(ZoneRulesException.class)
                .hasRootCauseMessage("Unknown time-zone ID: Mars/Olympus_Mons"));
    }

    @Test
    void theClassifierBoundsTimestampsByTheDefaultsAroundTheRecordTimestamp() {
        this.runner.run((context) -> {
            assertThat(anomalyAt(context, "2026-03-01T10:05:00Z")).isNull();
            assertThat(anomalyAt(context, "2026-03-01T10:05:00.000001Z")).isEqualTo(AnomalyType.FUTURE_TIMESTAMP);
            assertThat(anomalyAt(context, "2025-03-01T10:00:00Z")).isNull();
            assertThat(anomalyAt(context, "2025-03-01T09:59:59.999999Z")).isEqualTo(AnomalyType.STALE_TIMESTAMP);
        });
    }

    @Test
    void theClassifierBoundsTimestampsByTheConfiguredDurations() {
        this.runner.withPropertyValues("heartbeat.timestamps.max-future-skew=1s", "heartbeat.timestamps.max-age=1h")
            .run((context) -> {
                assertThat(anomalyAt(context, "2026-03-01T10:00:01.000001Z"))
                    .isEqualTo(AnomalyType.FUTURE_TIMESTAMP);
                assertThat(anomalyAt(context, "2026-03-01T08:59:59Z")).isEqualTo(AnomalyType.STALE_TIMESTAMP);
                assertThat(anomalyAt(context, "2026-03-01T09:00:00Z")).isNull();
            });
    }

    @Test
    void aBoundThatIsNotPositiveStopsTheContext() {
        this.runner.withPropertyValues("heartbeat.timestamps.max-age=0s")
            .run((context) -> assertThat(context).getFailure()
                .hasRootCauseMessage("TIMESTAMP_MAX_AGE must be positive and at most 36500d, was PT0S"));
    }

    // The class of a reading at timestamp sent at 2026-03-01T10:00:00Z.
    private static AnomalyType anomalyAt(AssertableApplicationContext context, String timestamp) {
        byte[] payload = ("{\"patient_id\": \"p-1\", \"timestamp\": \"" + timestamp + "\", \"heartbeat_value\": 72}")
            .getBytes(StandardCharsets.UTF_8);
        return context.getBean(HeartbeatClassifier.class)
            .classify(payload, Instant.parse("2026-03-01T10:00:00Z"))
            .anomalyType();
    }

    @Test
    void theConsumerKeepsKafkasSessionAndPollIntervalAndAssignsCooperatively() {
        this.runner.run((context) -> assertThat(consumerProperties(context)).containsAllEntriesOf(Map.of(
                "session.timeout.ms", 45_000, "heartbeat.interval.ms", 3_000, "max.poll.interval.ms", 300_000,
                "partition.assignment.strategy", CooperativeStickyAssignor.class.getName())));
    }

    @Test
    void aShortSessionHeartbeatsThreeTimesPerSession() {
        this.runner.withPropertyValues("heartbeat.consumer.session-timeout=6s",
                "heartbeat.consumer.max-poll-interval=10s")
            .run((context) -> assertThat(consumerProperties(context)).containsAllEntriesOf(Map.of(
                    "session.timeout.ms", 6_000, "heartbeat.interval.ms", 2_000, "max.poll.interval.ms", 10_000)));
    }

    @Test
    void aSessionShorterThanTheBrokerAllowsStopsTheContext() {
        this.runner.withPropertyValues("heartbeat.consumer.session-timeout=5s")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessage("session-timeout (CONSUMER_SESSION_TIMEOUT) must be between PT6S and PT30M (the "
                        + "broker's default bounds), was PT5S"));
    }

    @Test
    void aPollIntervalNoLongerThanARetryPauseStopsTheContext() {
        this.runner.withPropertyValues("heartbeat.consumer.max-poll-interval=5s")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessage("max-poll-interval (CONSUMER_MAX_POLL_INTERVAL) must be longer than retry-max-interval "
                        + "(PT5S) and at most 2147483647 ms, was PT5S"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> consumerProperties(AssertableApplicationContext context) {
        DefaultKafkaConsumerFactory<Object, Object> factory = new DefaultKafkaConsumerFactory<>(new HashMap<>());
        context.getBean(DefaultKafkaConsumerFactoryCustomizer.class).customize(factory);
        return factory.getConfigurationProperties();
    }

    private static Instant localTimeRead(AssertableApplicationContext context) {
        byte[] payload = ("{\"patient_id\": \"W02707BQ\", \"timestamp\": \"2026-12-04T08:00:01\", "
                + "\"heartbeat_value\": 87}").getBytes(StandardCharsets.UTF_8);
        return context.getBean(HeartbeatClassifier.class).classify(payload, Instant.EPOCH).timestamp();
    }
}
