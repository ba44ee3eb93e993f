package io.heartbeat.local.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerProbeTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final Counter stored = this.registry.counter("heartbeat.events.stored");

    private final List<String> answers = new ArrayList<>();

    private final List<Map<String, Object>> numbers = new ArrayList<>();

    private final ConsumerProbe probe = new ConsumerProbe(this.registry, (answer, values) -> {
        this.answers.add(answer);
        this.numbers.add(values);
    });

    @Test
    void aDrainCountsOnlyTheRowsStoredSinceItWasExpected() {
        this.probe.expectDrain(100);
        batch(60);
        assertThat(this.answers).isEmpty();
        batch(40);
        assertThat(this.answers).containsExactly("drained");
        assertThat(this.numbers.get(0)).containsEntry("rows", 100L);

        this.probe.expectDrain(50);
        batch(49);
        assertThat(this.answers).containsExactly("drained");
        batch(1);

        assertThat(this.answers).containsExactly("drained", "drained");
        assertThat(this.numbers.get(1)).containsEntry("rows", 50L);
        assertThat((double) this.numbers.get(1).get("seconds")).isNotNegative();
    }

    @Test
    void aDrainAnswersOnce() {
        this.probe.expectDrain(10);
        batch(10);
        batch(10);

        assertThat(this.answers).containsExactly("drained");
    }

    @Test
    void batchesBeforeAnyDrainAreIgnored() {
        batch(10);
        this.probe.expectDrain(10);
        batch(9);

        assertThat(this.answers).isEmpty();
    }

    // What the listener container does around a batch whose commit stored this many rows.
    private void batch(int rows) {
        ConsumerRecords<Object, Object> records = ConsumerRecords.empty();
        this.probe.intercept(records, null);
        this.stored.increment(rows);
        this.probe.success(records, null);
    }
}
