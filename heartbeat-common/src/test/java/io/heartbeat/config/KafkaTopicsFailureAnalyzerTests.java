package io.heartbeat.config;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTopicsFailureAnalyzerTests {

    private final MockEnvironment environment = new MockEnvironment()
        .withProperty("spring.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092");

    @Test
    void tooManyReplicasNameTheirVariable() {
        this.environment.setProperty("heartbeat.kafka.replicas", "5");

        assertThat(describe(new InvalidReplicationFactorException("Replication factor: 5 larger than 3")))
            .isEqualTo("Invalid configuration: KAFKA_TOPIC_REPLICAS=\"5\": Replication factor: 5 larger than 3");
    }

    @Test
    void tooManyReplicasByTheBrokersDefaultSayTheVariableIsNotSet() {
        assertThat(describe(new InvalidReplicationFactorException("Replication factor: 3 larger than 1")))
            .isEqualTo("Invalid configuration: KAFKA_TOPIC_REPLICAS (not set: the broker's default.replication.factor)"
                    + ": Replication factor: 3 larger than 1");
    }

    @Test
    void noAnswerNamesTheBrokers() {
        assertThat(describe(new TimeoutException())).isEqualTo("Kafka unreachable: "
                + "KAFKA_BROKER=\"kafka-1:9092,kafka-2:9092\": no broker answered in time to declare the topics");
    }

    // Kafka 2.3.1's answer, as the consumer's start-up printed it, when KAFKA_TOPIC_REPLICAS was not set.
    @Test
    void aBrokerBefore24SaysKafkaIsTooOld() {
        assertThat(describe(new UnsupportedVersionException("Creating topics with default partitions/replication "
                + "factor are only supported in CreateTopicRequest version 4+. The following topics need values for "
                + "partitions and replicas: [heartbeats.DLT, heartbeats]")))
            .isEqualTo("Kafka too old: KAFKA_BROKER=\"kafka-1:9092,kafka-2:9092\" refused a request (Creating topics "
                    + "with default partitions/replication factor are only supported in CreateTopicRequest version 4+. "
                    + "The following topics need values for partitions and replicas: [heartbeats.DLT, heartbeats]); "
                    + "Heartbeat Monitor needs Kafka 2.4 or later");
    }

    // What a Kafka 4.1 broker answers a SASL/PLAIN login with a wrong password (SecuredKafkaIntegrationTests).
    @Test
    void aRefusedLoginNamesTheLoginSetting() {
        assertThat(describe(new SaslAuthenticationException("Authentication failed: Invalid username or password")))
            .isEqualTo("Kafka refused the login (SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG) on "
                    + "KAFKA_BROKER=\"kafka-1:9092,kafka-2:9092\": Authentication failed: Invalid username or password");
    }

    @Test
    void anyOtherRefusalIsQuotedWithTheBrokers() {
        assertThat(describe(new TopicAuthorizationException("Not authorized to access topics: [heartbeats]")))
            .isEqualTo("Could not declare the Kafka topics on KAFKA_BROKER=\"kafka-1:9092,kafka-2:9092\": "
                    + "Not authorized to access topics: [heartbeats]");
    }

    @Test
    void leavesOtherFailuresToOtherAnalyzers() {
        assertThat(new KafkaTopicsFailureAnalyzer(this.environment)
            .analyze(new IllegalStateException("Could not create admin", new TimeoutException()))).isNull();
    }

    // As Spring Kafka's admin wraps what the admin client reported.
    private String describe(Exception reported) {
        IllegalStateException failure = new IllegalStateException(
                KafkaTopicsFailureAnalyzer.COULD_NOT_CONFIGURE_TOPICS,
                new RuntimeException("Failed to create topics", new ExecutionException(reported)));
        FailureAnalysis analysis = new KafkaTopicsFailureAnalyzer(this.environment).analyze(failure);
        assertThat(analysis).isNotNull();
        return analysis.getDescription();
    }
}
