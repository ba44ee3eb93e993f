package io.heartbeat.producer;

import java.time.Duration;
import java.util.Collection;

import io.heartbeat.producer.publish.ProductionSchedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closes the service while it is producing, as SIGTERM does, and checks nothing handed to Kafka was lost.
 */
@EmbeddedKafka(partitions = 6)
class GracefulShutdownIntegrationTests {

    @Test
    void closingMidStreamLosesNothingHandedToKafka(EmbeddedKafkaBroker broker) {
        ConfigurableApplicationContext context = ProducerApplication.application().run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--server.port=0",
                "--heartbeat.producer.events-per-second=5000", "--heartbeat.producer.seed=7");
        ProductionSchedule schedule = context.getBean(ProductionSchedule.class);
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        Collection<Counter> produced = registry.get("heartbeat.events.produced").counters();
        Counter failed = registry.get("heartbeat.events.send.failed").counter();
        await().atMost(Duration.ofSeconds(60)).until(() -> total(produced) >= 2_000);

        context.close();

        long handedOver = schedule.handedOver();
        assertThat(schedule.isRunning()).isFalse();
        assertThat(failed.count()).isZero();
        assertThat(total(produced)).as("acknowledged").isEqualTo(handedOver);
        assertThat(new TopicContents(broker, "heartbeats").count()).as("in the topic").isEqualTo(handedOver);
        assertThat(schedule.handedOver()).as("handed over after the close").isEqualTo(handedOver);
    }

    private static long total(Collection<Counter> counters) {
        return (long) counters.stream().mapToDouble(Counter::count).sum();
    }
}
