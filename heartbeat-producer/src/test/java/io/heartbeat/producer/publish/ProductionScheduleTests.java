package io.heartbeat.producer.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.LongStream;

import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ProductionScheduleTests {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final NonClosingMockProducer producer = new NonClosingMockProducer();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final HeartbeatPublisher publisher = new HeartbeatPublisher(
            new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)), "heartbeats", this.registry,
            (refusal) -> { });

    private ProductionSchedule schedule;

    @AfterEach
    void stop() {
        if (this.schedule != null && this.schedule.isRunning()) {
            this.schedule.stop();
        }
    }

    @Test
    void sendsUpToTheLimitStampedWithTheirDueTimesThenFlushesAndIdles() {
        this.schedule = schedule(1_000, 50);
        this.schedule.start();

        // The mock acknowledges only on flush: these counts come from the flush after the last event.
        await().atMost(PATIENCE).until(() -> produced() == 50);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> this.schedule.handedOver() == 50);
        assertThat(this.producer.history()).hasSize(50);
        assertThat(this.producer.history()).extracting(ProducerRecord::timestamp)
            .containsExactlyElementsOf(LongStream.range(0, 50).map((n) -> START.toEpochMilli() + n).boxed().toList());
        assertThat(this.schedule.isRunning()).isTrue();
    }

    @Test
    void stopEndsGenerationThenFlushesEverythingHandedOver() {
        this.schedule = schedule(100_000, Long.MAX_VALUE);
        this.schedule.start();
        await().atMost(PATIENCE).until(() -> this.schedule.handedOver() >= 5_000);
        assertThat(produced()).as("acknowledged before the flush").isZero();

        this.schedule.stop();

        long handedOver = this.schedule.handedOver();
        assertThat(this.schedule.isRunning()).isFalse();
        assertThat(this.producer.history()).hasSize((int) handedOver);
        assertThat(produced()).isEqualTo(handedOver);
        await().during(Duration.ofMillis(300)).atMost(PATIENCE)
            .until(() -> this.schedule.handedOver() == handedOver && this.producer.history().size() == handedOver);
    }

    @Test
    void stopsBeforeTheKafkaProducerFactory() {
        this.schedule = schedule(10, 1);

        assertThat(this.schedule.getPhase())
            .isGreaterThan(new DefaultKafkaProducerFactory<String, byte[]>(Map.of()).getPhase());
    }

    @Test
    void firstEventIsDueAtTheStart() {
        assertThat(ProductionSchedule.dueBy(10, 0)).isEqualTo(1);
    }

    @Test
    void dueEventsFollowTheRateWithoutDrift() {
        assertThat(ProductionSchedule.dueBy(10, 99_999_999)).isEqualTo(1);
        assertThat(ProductionSchedule.dueBy(10, 100_000_000)).isEqualTo(2);
        assertThat(ProductionSchedule.dueBy(10, 3_600_000_000_000L)).isEqualTo(36_001);
    }

    @Test
    void highRatesAreDueInBulk() {
        assertThat(ProductionSchedule.dueBy(500_000, 10_000_000)).isEqualTo(5_001);
    }

    @Test
    void fractionalRatesWork() {
        assertThat(ProductionSchedule.dueBy(0.5, 1_999_999_999)).isEqualTo(1);
        assertThat(ProductionSchedule.dueBy(0.5, 2_000_000_000)).isEqualTo(2);
        assertThat(ProductionSchedule.offsetNanos(0.5, 3)).isEqualTo(6_000_000_000L);
    }

    @Test
    void eachEventIsStampedWithTheTimeItWasDue() {
        assertThat(ProductionSchedule.offsetNanos(4, 0)).isZero();
        assertThat(ProductionSchedule.offsetNanos(4, 1)).isEqualTo(250_000_000);
        assertThat(ProductionSchedule.offsetNanos(4, 40_000)).isEqualTo(10_000_000_000_000L);
    }

    @Test
    void rateMustBePositiveAndFinite() {
        assertThatIllegalArgumentException().isThrownBy(() -> schedule(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> schedule(Double.NaN, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> schedule(Double.POSITIVE_INFINITY, 1));
    }

    private ProductionSchedule schedule(double eventsPerSecond, long eventLimit) {
        return new ProductionSchedule(new HeartbeatGenerator(1L, GeneratorSettings.DEFAULT), this.publisher,
                eventsPerSecond, eventLimit, Duration.ofMillis(10), Clock.fixed(START, ZoneOffset.UTC));
    }

    private long produced() {
        return (long) this.registry.get("heartbeat.events.produced").counters().stream()
            .mapToDouble((counter) -> counter.count()).sum();
    }
}
