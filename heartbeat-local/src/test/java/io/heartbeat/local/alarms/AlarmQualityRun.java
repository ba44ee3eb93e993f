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
            List<EpisodeScore> scores, int chanceRuns) {

        EpisodeScore score(String detector) {
            return this.scores.stream().filter((score) -> score.detector().equals(detector)).findFirst().orElseThrow();
        }

        String summary() {
            return String.format(Locale.ROOT, "Seed %d, mix %s, %d patients for %s, %d readings stored; %d injected"
                    + " episodes; %d false in-stream alarms are runs of the random mix", this.seed, this.mix.name(),
                    this.patients, this.length, this.readings, this.episodes.size(), this.chanceRuns);
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
                        producerProperties(seed, mix, patients, episodesFile))) {
                    started = Instant.now();
                    sleep(length);
                }
                stopped = Instant.now();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(group, topic));
            }
        }
        List<Episode> episodes = EpisodeLog.read(episodesFile);
        Instant horizon = stopped.minus(TAIL);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        List<Detection> alarms = alarms(jdbc);
        List<EpisodeScore> scores = new ArrayList<>();
        EpisodeScore sustained = EpisodeScore.of("in-stream sustained", SUSTAINED,
                alarms.stream().filter((alarm) -> SUSTAINED.contains(alarm.kind())).toList(), episodes, horizon);
        scores.add(sustained);
        scores.add(EpisodeScore.of("in-stream device silent", DROPOUT,
                alarms.stream().filter((alarm) -> alarm.kind() == EpisodeKind.DROPOUT).toList(), episodes, horizon));
        DataSource reader = GrafanaReader.dataSource(database);
        for (Map.Entry<String, Set<EpisodeKind>> backstop : backstops().entrySet()) {
            AlertRule rule = AlertRule.withUid(backstop.getKey());
            List<Firing> firings = RuleReplay.firings(rule, reader, started.plus(rule.interval()), stopped);
            scores.add(EpisodeScore.of("Grafana " + rule.title(), backstop.getValue(),
                    firings.stream().map(AlarmQualityRun::detection).toList(), episodes, horizon));
        }
        long readings = jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class);
        Result result = new Result(seed, mix, patients, length, readings, episodes, scores,
                chanceRuns(jdbc, sustained.falseAlarms()));
        logger.info(result.summary());
        scores.forEach((score) -> logger.info(score.summary()));
        return result;
    }

    private static Map<String, String> producerProperties(long seed, Mix mix, int patients, Path episodesFile) {
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
        return jdbc.query("SELECT patient_id, kind, started_at, detected_at FROM patient_alarms ORDER BY detected_at",
                (rs, n) -> new Detection(rs.getString(1), kind(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()));
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
        return new Detection(labels.get("patient_id"), kind, null, firing.at());
    }

    /**
     * How many of the false sustained alarms start a run of at least five stored out-of-range readings of their
     * kind: runs the random mix made by chance, which the rule is right to page for and the file does not list.
     */
    private static int chanceRuns(JdbcTemplate jdbc, List<Detection> falseAlarms) {
        int runs = 0;
        for (Detection alarm : falseAlarms) {
            String anomaly = (alarm.kind() == EpisodeKind.TACHYCARDIA) ? "high_bpm" : "low_bpm";
            List<String> next = jdbc.queryForList("SELECT coalesce(anomaly_type, 'valid') FROM heartbeats"
                    + " WHERE patient_id = ? AND timestamp >= ? AND validation_status <> 'corrupted'"
                    + " ORDER BY timestamp, id LIMIT 5", String.class, alarm.patientId(),
                    alarm.startedAt().atOffset(ZoneOffset.UTC));
            logger.info("False alarm {}: the patient's next readings {}", alarm, next);
            if (next.size() == 5 && next.stream().allMatch(anomaly::equals)) {
                runs++;
            }
        }
        return runs;
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
