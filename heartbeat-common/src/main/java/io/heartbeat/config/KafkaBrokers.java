package io.heartbeat.config;

import org.springframework.core.env.PropertyResolver;

/**
 * The oldest Kafka broker the services work with, and the line that says a broker is older: README, "Run each
 * service jar on its own".
 */
public final class KafkaBrokers {

    /**
     * The services create their topics with the broker's default replication factor unless KAFKA_TOPIC_REPLICAS is
     * set (KIP-464, Kafka 2.4); the consumer joins its group as a static member (KIP-345, 2.3) and leaves it for all
     * its threads in one request (2.4).
     */
    public static final String OLDEST_VERSION = "2.4";

    private KafkaBrokers() {
    }

    /** The brokers KAFKA_BROKER names, or its default. */
    public static String bootstrapServers(PropertyResolver environment) {
        return environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
    }

    /** One line for a broker that refused a request as too new for it; {@code refusal} is Kafka's own message. */
    public static String tooOld(PropertyResolver environment, String refusal) {
        return "Kafka too old: KAFKA_BROKER=\"" + bootstrapServers(environment) + "\" refused a request (" + refusal
                + "); Heartbeat Monitor needs Kafka " + OLDEST_VERSION + " or later";
    }
}
