package io.heartbeat.producer.config;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.health.KafkaClusterHealthIndicator;
import io.heartbeat.producer.episode.Episode;
import io.heartbeat.producer.episode.EpisodeLog;
import io.heartbeat.producer.episode.EpisodeSettings;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.producer.publish.HeartbeatPublisher;
import io.heartbeat.producer.publish.ProductionSchedule;
import io.heartbeat.validation.HeartRateLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.validation.Validator;

/**
 * Wires the producer: settings, the topic, the generator (with its episodes and their file), the publisher, the
 * schedule that drives them, and Kafka's health indicator.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ProducerSettings.class, ProducerEpisodeSettings.class, KafkaTopicSettings.class,
        HeartRateLimits.class })
class ProducerConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(ProducerConfiguration.class);

    // The name Boot looks for to validate every @ConfigurationProperties bean; static, as it is needed early.
    // Checks the anomaly bands against the limits, which bind under another prefix, so a mismatch stops start-up
    // with one line naming both variables, like any other bad setting.
    @Bean(EnableConfigurationProperties.VALIDATOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Validator configurationPropertiesValidator(Environment environment) {
        return Validator.forInstanceOf(ProducerSettings.class, (settings, errors) -> {
            HeartRateLimits limits;
            try {
                limits = Binder.get(environment).bindOrCreate("heartbeat.limits", HeartRateLimits.class);
            }
            catch (RuntimeException ex) {
                return; // Bad limits: their own binding reports them.
            }
            try {
                GeneratorSettings.requireBandsOutside(limits, settings.invalidMin(), settings.invalidMax());
            }
            catch (IllegalArgumentException ex) {
                errors.reject("inconsistentWithLimits", ex.getMessage());
            }
        });
    }

    @Bean
    NewTopic heartbeatTopic(KafkaTopicSettings topic) {
        return topic.declare(topic.topic());
    }

    // Health component "kafka": the readiness group's, never liveness's (heartbeat-producer.yml).
    @Bean
    KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaClusterHealthIndicator(admin.getConfigurationProperties(),
                KafkaClusterHealthIndicator.DEFAULT_TIMEOUT);
    }

    // Replaces Boot's default, which logs every failed record at ERROR with a stack trace; the publisher logs each
    // failure once, at WARN.
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {
        };
    }

    // Closed by the context after the schedule has stopped: an EpisodeLog is AutoCloseable.
    @Bean
    Consumer<Episode> episodeRecorder(ProducerEpisodeSettings episodes) throws IOException {
        return (episodes.file() != null) ? new EpisodeLog(episodes.file()) : HeartbeatGenerator.NO_RECORDER;
    }

    @Bean
    HeartbeatGenerator heartbeatGenerator(ProducerSettings settings, HeartRateLimits limits,
            ProducerEpisodeSettings episodes, Consumer<Episode> episodeRecorder) {
        long seed = (settings.seed() != null) ? settings.seed() : new SecureRandom().nextLong();
        EpisodeSettings injected = episodes.episodeSettings();
        if (injected.enabled()) {
            logger.info("Injecting episodes into a share {} of the patients, per patient and hour: {} tachycardia,"
                    + " {} bradycardia ({} readings each), {} dropout ({} each), {} spike; recorded in {}",
                    injected.patientShare(), injected.tachycardiaPerHour(), injected.bradycardiaPerHour(),
                    injected.sustainedReadings(), injected.dropoutPerHour(), injected.dropoutDuration(),
                    injected.spikePerHour(),
                    (episodes.file() != null) ? episodes.file().toAbsolutePath() : "no file (EPISODES_FILE unset)");
        }
        if (episodes.file() != null) {
            logger.info("Listing in {} also the runs of {} or more out-of-range readings of one kind that the random"
                    + " mix sends by chance (EPISODES_CHANCE_RUN_READINGS)", episodes.file().toAbsolutePath(),
                    injected.chanceRunReadings());
        }
        return new HeartbeatGenerator(seed, settings.generatorSettings(limits), injected, episodeRecorder);
    }

    @Bean
    HeartbeatPublisher heartbeatPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, KafkaTopicSettings topic,
            MeterRegistry registry, ConfigurableApplicationContext context) {
        AtomicBoolean stopping = new AtomicBoolean();
        // The Kafka producer refused stays refused until restarted, even once the ACL is granted (README, "A secured
        // Kafka"): one line and exit, for the supervisor to restart it, rather than an error for every batch.
        return new HeartbeatPublisher(kafkaTemplate, topic.topic(), registry, (refusal) -> {
            if (stopping.compareAndSet(false, true)) {
                logger.error("Kafka refused this producer ({}); its user needs Write on topic {}; stopping with exit "
                        + "code 1", refusal.getMessage(), topic.topic());
                Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)),
                        "kafka-refused-exit");
                // Not a daemon as the sending thread is: the JVM would end with 0 once the context had closed.
                exit.setDaemon(false);
                exit.start();
            }
        });
    }

    @Bean
    ProductionSchedule productionSchedule(HeartbeatGenerator generator, HeartbeatPublisher publisher,
            ProducerSettings settings) {
        return new ProductionSchedule(generator, publisher, settings.rate(), settings.eventLimit(), settings.tick(),
                Clock.systemUTC());
    }
}
