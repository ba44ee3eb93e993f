package io.heartbeat.local.alarms;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.heartbeat.dashboards.AlertInstances.Firing;
import io.heartbeat.dashboards.AlertRule;
import io.heartbeat.dashboards.GrafanaReader;
import io.heartbeat.dashboards.RuleReplay;
import io.heartbeat.local.faults.FaultKafka;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.producer.episode.Episode;
import io.heartbeat.producer.episode.EpisodeKind;
import io.heartbeat.producer.episode.EpisodeLog;
import io.heartbeat.testsupport.TestPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.awaitility.Awaitility.await;

/**
 * One end-to-end run of the alarm measurement (docs/alerting.md): the real producer, seeded and injecting episodes
 * into its episodes file, sends for {@code length} through a real Kafka broker to the real consumer, which stores
 * into a real PostgreSQL and raises its alarms as it goes. Then the consumer's alarms, and the two Grafana rules
 * that are their backstop replayed over the same stored rows, are scored against the file.
 * <p>
 * The file also lists the sustained runs the random mix sent by chance (origin chance), as long as the consumer's
 * {@code heartbeat.alarms.open-after}: the in-stream alarms are scored against every episode in it. The Grafana
 * rule needs more than half of 30 s out of range, which a five-second run by chance is not, so the backstops are
 * scored against the injected episodes only.
 */
final class AlarmQualityRun {

    private static final Logger logger = LoggerFactory.getLogger(AlarmQualityRun.class);

    private static final int PARTITIONS = 6;

    /**
     * Episodes that start in the last this-long before the producer stopped are not judged, nor alarms raised after
     * {@link EpisodeScore#LATEST} more: an episode still running at the stop is not in the file, and episodes last
     * at most 60 s.
     */
    static final Duration TAIL = Duration.ofSeconds(120);

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private static final Set<EpisodeKind> SUSTAINED = Set.of(EpisodeKind.TACHYCARDIA, EpisodeKind.BRADYCARDIA);

    private static final Set<EpisodeKind> DROPOUT = Set.of(EpisodeKind.DROPOUT);

    private AlarmQualityRun() {
    }

    /**
     * A mix of readings and episodes.
     *
     * @param invalidRatio PRODUCER_INVALID_RATIO
     * @param episodeRate times the base rates per patient and hour: 1 tachycardia, 1 bradycardia, 1 dropout, 4 spikes
     */
    record Mix(String name, double invalidRatio, double episodeRate) {

        static final Mix DEFAULT = new Mix("default", 0.2, 1);

        static final Mix NOISY = new Mix("30 % invalid, 2x episodes", 0.3, 2);
    }

    /** What one run measured. */
    record Result(long seed, Mix mix, int patients, Duration length, long readings, List<Episode> episodes,
            List<EpisodeScore> scores) {

        EpisodeScore score(String detector) {
            return this.scores.stream().filter((score) -> score.detector().equals(detector)).findFirst().orElseThrow();
        }

        /** The sustained runs the random mix sent by chance, judged by the in-stream detector. */
        int chanceRuns() {
            return (int) score("in-stream sustained").byEpisode().keySet().stream()
                .filter((episode) -> episode.origin() == Episode.Origin.CHANCE)
                .count();
        }

        String summary() {
            return String.format(Locale.ROOT, "Seed %d, mix %s, %d patients for %s, %d readings stored; %d episodes"
                    + " in the file, %d of them sustained runs by chance", this.seed, this.mix.name(), this.patients,
                    this.length, this.readings, this.episodes.size(), this.episodes.stream()
                        .filter((episode) -> episode.origin() == Episode.Origin.CHANCE)
                        .count());
        }
    }

    static Result run(Path workDir, long seed, Mix mix, int patients, Duration length) {
        return run(workDir, seed, mix, patients, length, Map.of());
    }

    /** A run whose consumer also has {@code consumerProperties}, e.g. another {@code heartbeat.alarms.open-after}. */
    static Result run(Path workDir, long seed, Mix mix, int patients, Duration length,
            Map<String, String> consumerProperties) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        String topic = "heartbeats-alarms-" + seed;
        String group = "heartbeat-consumer-alarms";
        Path episodesFile = workDir.resolve("episodes-" + seed + "-" + mix.name().replaceAll("\\W+", "-") + ".jsonl");
        Instant started;
        Instant stopped;
        try (FaultKafka kafka = FaultKafka.start(workDir.resolve("kafka-" + seed + "-" + mix.episodeRate()))) {
            kafka.createTopic(topic, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, topic, group);
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0,
                    consumerProperties)) {
                awaitEveryPartitionAssigned(consumer);
                try (ConfigurableApplicationContext producer = ServiceApplications.startProducer(endpoints, 0,
                        producerProperties(seed, mix, patients, episodesFile, consumerProperties))) {
                    started = Instant.now();
                    sleep(length);
                }
                stopped = Instant.now();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(group, topic));
            }
        }
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        List<Episode> episodes = EpisodeLog.read(episodesFile).stream()
            .filter((episode) -> episode.kind() != EpisodeKind.DROPOUT || reportedBefore(jdbc, episode))
            .toList();
        List<Episode> injected = episodes.stream()
            .filter((episode) -> episode.origin() == Episode.Origin.INJECTED)
            .toList();
        Instant horizon = stopped.minus(TAIL);
        List<Detection> alarms = alarms(jdbc);
        List<EpisodeScore> scores = new ArrayList<>();
        scores.add(EpisodeScore.of("in-stream sustained", SUSTAINED,
                alarms.stream().filter((alarm) -> SUSTAINED.contains(alarm.kind())).toList(), episodes, horizon));
        scores.add(EpisodeScore.of("in-stream device silent", DROPOUT,
                alarms.stream().filter((alarm) -> alarm.kind() == EpisodeKind.DROPOUT).toList(), episodes, horizon));
        DataSource reader = GrafanaReader.dataSource(database);
        for (Map.Entry<String, Set<EpisodeKind>> backstop : backstops().entrySet()) {
            AlertRule rule = AlertRule.withUid(backstop.getKey());
            List<Firing> firings = RuleReplay.firings(rule, reader, started.plus(rule.interval()), stopped);
            scores.add(EpisodeScore.of("Grafana " + rule.title(), backstop.getValue(),
                    firings.stream().map(AlarmQualityRun::detection).toList(), injected, horizon));
        }
        long readings = jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class);
        Result result = new Result(seed, mix, patients, length, readings, episodes, scores);
        logger.info(result.summary());
        scores.forEach((score) -> logger.info(score.summary()));
        return result;
    }

    private static Map<String, String> producerProperties(long seed, Mix mix, int patients, Path episodesFile,
            Map<String, String> consumerProperties) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("heartbeat.producer.seed", String.valueOf(seed));
        properties.put("heartbeat.producer.customer-count", String.valueOf(patients));
        properties.put("heartbeat.producer.events-per-second", String.valueOf(patients));
        properties.put("heartbeat.producer.invalid-ratio", String.valueOf(mix.invalidRatio()));
        properties.put("heartbeat.producer.episodes.patient-share", "0.75");
        properties.put("heartbeat.producer.episodes.tachycardia-per-hour", String.valueOf(mix.episodeRate()));
        properties.put("heartbeat.producer.episodes.bradycardia-per-hour", String.valueOf(mix.episodeRate()));
        properties.put("heartbeat.producer.episodes.dropout-per-hour", String.valueOf(mix.episodeRate()));
        properties.put("heartbeat.producer.episodes.spike-per-hour", String.valueOf(4 * mix.episodeRate()));
        properties.put("heartbeat.producer.episodes.chance-run-readings",
                consumerProperties.getOrDefault("heartbeat.alarms.open-after", "5"));
        properties.put("heartbeat.producer.episodes.file", episodesFile.toString());
        return properties;
    }

    /** The Grafana rules the alarms replace as first line, with the kinds each should catch. */
    private static Map<String, Set<EpisodeKind>> backstops() {
        Map<String, Set<EpisodeKind>> backstops = new LinkedHashMap<>();
        backstops.put("heartbeat-sustained-rhythm", SUSTAINED);
        backstops.put("heartbeat-device-silent", DROPOUT);
        return backstops;
    }

    private static List<Detection> alarms(JdbcTemplate jdbc) {
        return jdbc.query("SELECT patient_id, kind, detected_at FROM patient_alarms ORDER BY detected_at",
                (rs, n) -> new Detection(rs.getString(1), kind(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant()));
    }

    private static EpisodeKind kind(String alarmKind) {
        return switch (alarmKind) {
            case "sustained_tachycardia" -> EpisodeKind.TACHYCARDIA;
            case "sustained_bradycardia" -> EpisodeKind.BRADYCARDIA;
            case "device_silent" -> EpisodeKind.DROPOUT;
            default -> throw new IllegalStateException("Unknown alarm kind " + alarmKind);
        };
    }

    private static Detection detection(Firing firing) {
        Map<String, String> labels = firing.labels();
        EpisodeKind kind = !labels.containsKey("rhythm") ? EpisodeKind.DROPOUT
                : "tachycardia".equals(labels.get("rhythm")) ? EpisodeKind.TACHYCARDIA : EpisodeKind.BRADYCARDIA;
        return new Detection(labels.get("patient_id"), kind, firing.at());
    }

    /**
     * Whether the patient of a dropout had a stored reading with a patient to trust (not corrupted) before it: a
     * patient who never reported cannot fall silent, for either detector. Happens only when a dropout begins in the
     * run's first seconds after corrupted readings alone.
     */
    private static boolean reportedBefore(JdbcTemplate jdbc, Episode dropout) {
        boolean reported = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM heartbeats WHERE patient_id = ?"
                + " AND timestamp < ? AND validation_status <> 'corrupted')", Boolean.class, dropout.patientId(),
                dropout.start().atOffset(ZoneOffset.UTC));
        if (!reported) {
            logger.info("Not judged, the patient had not reported before: {}", dropout);
        }
        return reported;
    }

    private static void awaitEveryPartitionAssigned(ConfigurableApplicationContext consumer) {
        KafkaListenerEndpointRegistry registry = consumer.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> registry.getListenerContainers()
            .stream()
            .map(MessageListenerContainer::getAssignedPartitions)
            .mapToInt((assigned) -> (assigned != null) ? assigned.size() : 0)
            .sum() == PARTITIONS);
    }

    private static void sleep(Duration length) {
        try {
            Thread.sleep(length.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the producer was sending", ex);
        }
    }
}
