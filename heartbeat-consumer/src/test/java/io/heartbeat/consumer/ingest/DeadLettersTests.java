package io.heartbeat.consumer.ingest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.heartbeat.config.KafkaTopicSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

@ExtendWith(OutputCaptureExtension.class)
class DeadLettersTests {

    private static final ConsumerRecord<String, byte[]> REFUSED = new ConsumerRecord<>("heartbeats", 2, 40L, "p-1",
            new byte[] { 1 });

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<Object, Object> template = mock(KafkaTemplate.class);

    private final DeadLetters deadLetters = new DeadLetters(this.template, new KafkaTopicSettings("heartbeats", 6, null),
            new ConsumerSettings("group", null, 100, 1, Duration.ofMillis(10), Duration.ofMillis(40), 3,
                    Duration.ofSeconds(45), Duration.ofMinutes(5), Duration.ofSeconds(10)),
            new ConsumerMetrics(this.registry));

    @Test
    void backsOffMoreAfterEachFailedPublicationAndStartsOverAfterASuccess(CapturedOutput output) {
        publicationFails();
        for (int i = 0; i < 4; i++) {
            assertThatRuntimeException().isThrownBy(() -> this.deadLetters.accept(REFUSED, null, refusal()));
        }
        publicationSucceeds();
        this.deadLetters.accept(REFUSED, null, refusal());
        publicationFails();
        assertThatRuntimeException().isThrownBy(() -> this.deadLetters.accept(REFUSED, null, refusal()));

        assertThat(output.getOut().lines().filter((line) -> line.contains("Could not dead-letter")))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ")
                .contains("Could not dead-letter heartbeats-2@40 to heartbeats.DLT; offering it again in ")
                .contains("RecordTooLargeException"))
            .extracting((line) -> line.replaceAll(".* again in (\\d+) ms.*", "$1"))
            .containsExactly("10", "20", "40", "40", "10");
        assertThat(this.registry.get("heartbeat.events.dead.lettered").counter().count()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesToTheSourcePartitionModuloTheDeadLetterTopicsPartitions() {
        given(this.template.partitionsFor("heartbeats.DLT")).willReturn(List.of(
                new PartitionInfo("heartbeats.DLT", 0, null, null, null),
                new PartitionInfo("heartbeats.DLT", 1, null, null, null)));
        publicationSucceeds();
        ArgumentCaptor<ProducerRecord<Object, Object>> sent = ArgumentCaptor.forClass(ProducerRecord.class);

        this.deadLetters.accept(REFUSED, null, refusal());
        this.deadLetters.accept(new ConsumerRecord<>("heartbeats", 5, 7L, "p-2", new byte[] { 2 }), null, refusal());

        verify(this.template, times(2)).send(sent.capture());
        assertThat(sent.getAllValues()).extracting(ProducerRecord::topic).containsOnly("heartbeats.DLT");
        assertThat(sent.getAllValues()).extracting(ProducerRecord::partition).containsExactly(0, 1);
    }

    private void publicationFails() {
        given(this.template.send(any(ProducerRecord.class)))
            .willReturn(CompletableFuture.failedFuture(new RecordTooLargeException("too large")));
    }

    private void publicationSucceeds() {
        given(this.template.send(any(ProducerRecord.class)))
            .willReturn(CompletableFuture.completedFuture(mock(SendResult.class)));
    }

    private static RuntimeException refusal() {
        return new IllegalStateException("refused");
    }
}
