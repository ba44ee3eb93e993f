package io.heartbeat.consumer.config;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The topics the consumer declares: the readings' and its dead letters', with the same partitions and replicas.
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
}
