package io.heartbeat.producer.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.validation.ValidationStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class HeartbeatPublisherTests {

    private static final Instant TAKEN_AT = Instant.parse("2026-11-25T10:00:00.250Z");

    private final NonClosingMockProducer producer = new NonClosingMockProducer();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final List<AuthorizationException> refusals = new ArrayList<>();

    private final HeartbeatPublisher publisher = new HeartbeatPublisher(
            new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)), "heartbeats", this.registry,
            this.refusals::add);

    @Test
    void sendsTheRawBytesKeyedByPatientAtTheReadingTime() {
        byte[] payload = { (byte) 0xFF, 0, '{' };

        this.publisher.publish(new GeneratedReading("patient-0007", payload, ValidationStatus.CORRUPTED, TAKEN_AT));

        ProducerRecord<String, byte[]> sent = this.producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("heartbeats");
        assertThat(sent.key()).isEqualTo("patient-0007");
        assertThat(sent.value()).containsExactly(0xFF, 0, '{');
        assertThat(sent.timestamp()).isEqualTo(TAKEN_AT.toEpochMilli());
        assertThat(sent.partition()).isNull();
    }

    @Test
    void everyCounterIsThereFromTheStartAtZero() {
        for (ValidationStatus kind : ValidationStatus.values()) {
            assertThat(produced(kind)).as("produced %s", kind).isZero();
        }
        assertThat(this.registry.find("heartbeat.events.produced").counters())
            .extracting((counter) -> counter.getId().getTag("kind"))
            .containsExactlyInAnyOrder("valid", "physiological", "system", "corrupted");
        assertThat(this.registry.get("heartbeat.events.send.failed").counter().count()).isZero();
    }

    @Test
    void countsOnAcknowledgementByKindAndFailuresApart(CapturedOutput output) {
        this.publisher.publish(reading("patient-0001", ValidationStatus.VALID));
        this.publisher.publish(reading("patient-0002", ValidationStatus.INVALID_SYSTEM));
        this.publisher.publish(reading("patient-0003", ValidationStatus.VALID));
        assertThat(produced(ValidationStatus.VALID)).as("before any acknowledgement").isZero();

        this.producer.completeNext();
        this.producer.errorNext(new IllegalStateException("broker gone"));
        this.producer.completeNext();

        assertThat(produced(ValidationStatus.VALID)).isEqualTo(2);
        assertThat(produced(ValidationStatus.INVALID_SYSTEM)).isZero();
        assertThat(this.registry.get("heartbeat.events.send.failed").counter().count()).isEqualTo(1);
        assertThat(output).contains("WARN").contains(
                "Could not send heartbeat to topic heartbeats with key patient-0002: "
                        + "java.lang.IllegalStateException: broker gone");
    }

    // What the producer of a user without Write on the topic gets: its idempotent producer may not start.
    @Test
    void aRefusalByKafkaIsReportedAndOtherFailuresAreNot() {
        ClusterAuthorizationException refusal = new ClusterAuthorizationException("Cluster authorization failed.");
        this.publisher.publish(reading("patient-0001", ValidationStatus.VALID));
        this.publisher.publish(reading("patient-0002", ValidationStatus.VALID));

        this.producer.errorNext(new IllegalStateException("broker gone"));
        assertThat(this.refusals).isEmpty();
        this.producer.errorNext(refusal);

        assertThat(this.refusals).containsExactly(refusal);
        assertThat(this.registry.get("heartbeat.events.send.failed").counter().count()).isEqualTo(2);
    }

    @Test
    void logsAnOutageOnceAndCountsEveryReadingItLost(CapturedOutput output) {
        for (int i = 0; i < 5; i++) {
            this.publisher.publish(reading("patient-000" + i, ValidationStatus.VALID));
        }

        this.producer.completeNext();
        for (int i = 0; i < 3; i++) {
            this.producer.errorNext(new IllegalStateException("Expiring 1 record(s)"));
        }
        this.producer.completeNext();

        assertThat(this.publisher.acknowledged()).isEqualTo(2);
        assertThat(this.publisher.failed()).isEqualTo(3);
        assertThat(this.registry.get("heartbeat.events.send.failed").counter().count()).isEqualTo(3);
        assertThat(output.toString().lines().filter((line) -> line.contains("WARN"))).as("WARN lines").hasSize(2);
        assertThat(output).contains("with key patient-0001: java.lang.IllegalStateException: Expiring 1 record(s);")
            .contains("Kafka acknowledges heartbeats on topic heartbeats again; 3 failed since the last"
                    + " acknowledgement and are lost");
    }

    @Test
    void flushCompletesEverythingHandedOver() {
        for (int i = 0; i < 5; i++) {
            this.publisher.publish(reading("patient-0001", ValidationStatus.INVALID_PHYSIOLOGICAL));
        }

        this.publisher.flush();

        assertThat(produced(ValidationStatus.INVALID_PHYSIOLOGICAL)).isEqualTo(5);
    }

    private double produced(ValidationStatus kind) {
        return this.registry.get("heartbeat.events.produced").tag("kind", HeartbeatPublisher.kindTag(kind)).counter().count();
    }

    private static GeneratedReading reading(String patient, ValidationStatus kind) {
        return new GeneratedReading(patient, "{}".getBytes(StandardCharsets.UTF_8), kind, TAKEN_AT);
    }
}
