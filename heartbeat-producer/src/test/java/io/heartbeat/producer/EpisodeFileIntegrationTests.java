package io.heartbeat.producer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.heartbeat.producer.episode.Episode;
import io.heartbeat.producer.episode.EpisodeKind;
import io.heartbeat.producer.episode.EpisodeLog;
import io.heartbeat.producer.episode.EpisodeSettings;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.producer.publish.ProductionSchedule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the service with episodes switched on through their environment variables and checks that the episodes
 * file holds exactly the episodes the seed injects into the readings sent.
 */
@EmbeddedKafka(partitions = 6)
class EpisodeFileIntegrationTests {

    private static final int EVENTS = 2_000;

    @TempDir
    private Path folder;

    @Test
    void theEpisodesFileRecordsWhatTheSeedInjects(EmbeddedKafkaBroker broker) {
        Path file = this.folder.resolve("episodes.jsonl");
        // Rates so high that every patient starts one episode at once; the next would come minutes later.
        ConfigurableApplicationContext context = ProducerApplication.application().run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--server.port=0",
                "--heartbeat.producer.events-per-second=5000", "--heartbeat.producer.seed=11",
                "--heartbeat.producer.max-events=" + EVENTS, "--EPISODES_TACHYCARDIA_PER_HOUR=360000",
                "--EPISODES_SPIKE_PER_HOUR=360000", "--EPISODES_SUSTAINED_READINGS=5", "--EPISODES_FILE=" + file);
        ProductionSchedule schedule = context.getBean(ProductionSchedule.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> schedule.handedOver() == EVENTS);
        context.close();

        List<Episode> recorded = EpisodeLog.read(file);
        assertThat(recorded).extracting(Episode::patientId).hasSize(10).doesNotHaveDuplicates();
        assertThat(recorded).extracting(Episode::kind).containsOnly(EpisodeKind.TACHYCARDIA, EpisodeKind.SPIKE);
        assertThat(recorded).isEqualTo(replay(new TopicContents(broker, "heartbeats").readAll(EVENTS)));
    }

    /** The episodes a fresh generator injects into readings taken at the records' times. */
    private static List<Episode> replay(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byPatient = records.stream()
            .sorted(Comparator.comparingLong(ConsumerRecord::offset))
            .collect(Collectors.groupingBy(ConsumerRecord::key));
        List<Episode> episodes = new ArrayList<>();
        HeartbeatGenerator replay = new HeartbeatGenerator(11, GeneratorSettings.DEFAULT,
                new EpisodeSettings(1, 360000, 0, 0, 360000, 5, Duration.ofSeconds(60), 5), episodes::add);
        // No dropouts: patients take strict turns, so reading n is patient n % 10's (n / 10)-th.
        for (int n = 0; n < EVENTS; n++) {
            ConsumerRecord<String, byte[]> record = byPatient.get(HeartbeatGenerator.patientId(n % 10)).get(n / 10);
            assertThat(replay.next(Instant.ofEpochMilli(record.timestamp())).payload()).isEqualTo(record.value());
        }
        return episodes;
    }
}
