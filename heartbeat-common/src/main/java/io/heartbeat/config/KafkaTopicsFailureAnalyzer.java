package io.heartbeat.config;

import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports, as one line naming the setting, why a service could not declare its Kafka topics at start-up:
 * docs/producer.md, "Settings".
 */
class KafkaTopicsFailureAnalyzer extends AbstractFailureAnalyzer<IllegalStateException> {

    // What Spring Kafka's KafkaAdmin throws when it cannot declare the topics and may fail the start-up.
    static final String COULD_NOT_CONFIGURE_TOPICS = "Could not configure topics";

    private final Environment environment;

    KafkaTopicsFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, IllegalStateException cause) {
        if (!COULD_NOT_CONFIGURE_TOPICS.equals(cause.getMessage())) {
            return null;
        }
        InvalidReplicationFactorException replicas = findCause(cause, InvalidReplicationFactorException.class);
        if (replicas != null) {
            String setting = this.environment.containsProperty("heartbeat.kafka.replicas") ? "KAFKA_TOPIC_REPLICAS"
                    : "KAFKA_TOPIC_REPLICAS (not set: the broker's default.replication.factor)";
            return new FailureAnalysis(
                    InvalidConfigurationFailureAnalyzer.line(setting,
                            this.environment.getProperty("heartbeat.kafka.replicas"), replicas.getMessage()),
                    "Set KAFKA_TOPIC_REPLICAS to at most the number of brokers and start again.", cause);
        }
        UnsupportedVersionException unsupported = findCause(cause, UnsupportedVersionException.class);
        if (unsupported != null) {
            return new FailureAnalysis(KafkaBrokers.tooOld(this.environment, unsupported.getMessage()),
                    "Upgrade Kafka to " + KafkaBrokers.OLDEST_VERSION
                            + " or later, or set KAFKA_BROKER to such a broker, and start again.", cause);
        }
        String brokers = KafkaBrokers.bootstrapServers(this.environment);
        SaslAuthenticationException login = findCause(cause, SaslAuthenticationException.class);
        if (login != null) {
            return new FailureAnalysis("Kafka refused the login (SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG) on "
                    + "KAFKA_BROKER=\"" + brokers + "\": " + login.getMessage(),
                    "Fix the SPRING_KAFKA_SECURITY_PROTOCOL and SPRING_KAFKA_PROPERTIES_SASL_* settings (README, "
                            + "\"A secured Kafka\") and start again.", cause);
        }
        if (findCause(cause, TimeoutException.class) != null
                || findCause(cause, org.apache.kafka.common.errors.TimeoutException.class) != null) {
            return new FailureAnalysis("Kafka unreachable: KAFKA_BROKER=\"" + brokers
                    + "\": no broker answered in time to declare the topics",
                    "Start Kafka, or set KAFKA_BROKER to its bootstrap servers, and start again.", cause);
        }
        return new FailureAnalysis("Could not declare the Kafka topics on KAFKA_BROKER=\"" + brokers + "\": "
                + InvalidConfigurationFailureAnalyzer.rootMessage(cause),
                "Fix what the message names and start again.", cause);
    }
}
