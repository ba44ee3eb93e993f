package io.heartbeat.producer.publish;

import java.time.Duration;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka {@link MockProducer} that completes sends only when told to (or on flush), and survives the
 * {@code close} KafkaTemplate calls after each send, as Boot's shared producer does.
 */
class NonClosingMockProducer extends MockProducer<String, byte[]> {

    NonClosingMockProducer() {
        super(false, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close(Duration timeout) {
    }
}
