package io.heartbeat.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;

/** Maps the documented environment variables onto typed properties: docs/architecture.md, "Configuration". */
public class EnvironmentVariables implements EnvironmentPostProcessor {

    /** Every variable the services read, with the property it sets; the README's configuration table. */
    public static final List<Variable> ALL = List.of(
            new Variable("POSTGRES_HOST", "heartbeat.postgres.host"),
            new Variable("POSTGRES_PORT", "heartbeat.postgres.port"),
            new Variable("POSTGRES_DB", "heartbeat.postgres.database"),
            new Variable("POSTGRES_USER", "heartbeat.postgres.user"),
            new Variable("POSTGRES_PASSWORD", "heartbeat.postgres.password"),
            new Variable("DB_POOL_SIZE", "heartbeat.postgres.pool-size"),
            new Variable("DB_WRITE_TIMEOUT", "heartbeat.postgres.write-timeout"),
            new Variable("KAFKA_BROKER", "spring.kafka.bootstrap-servers"),
            new Variable("KAFKA_TOPIC", "heartbeat.kafka.topic"),
            new Variable("KAFKA_TOPIC_PARTITIONS", "heartbeat.kafka.partitions"),
            new Variable("KAFKA_TOPIC_REPLICAS", "heartbeat.kafka.replicas"),
            new Variable("CUSTOMER_COUNT", "heartbeat.producer.customer-count"),
            new Variable("PRODUCER_EVENTS_PER_SECOND", "heartbeat.producer.events-per-second"),
            new Variable("PRODUCER_INVALID_RATIO", "heartbeat.producer.invalid-ratio"),
            new Variable("PRODUCER_SEED", "heartbeat.producer.seed"),
            new Variable("INVALID_HEART_RATE_MIN", "heartbeat.producer.invalid-min"),
            new Variable("INVALID_HEART_RATE_MAX", "heartbeat.producer.invalid-max"),
            new Variable("EPISODES_PATIENT_SHARE", "heartbeat.producer.episodes.patient-share"),
            new Variable("EPISODES_TACHYCARDIA_PER_HOUR", "heartbeat.producer.episodes.tachycardia-per-hour"),
            new Variable("EPISODES_BRADYCARDIA_PER_HOUR", "heartbeat.producer.episodes.bradycardia-per-hour"),
            new Variable("EPISODES_DROPOUT_PER_HOUR", "heartbeat.producer.episodes.dropout-per-hour"),
            new Variable("EPISODES_SPIKE_PER_HOUR", "heartbeat.producer.episodes.spike-per-hour"),
            new Variable("EPISODES_SUSTAINED_READINGS", "heartbeat.producer.episodes.sustained-readings"),
            new Variable("EPISODES_DROPOUT_DURATION", "heartbeat.producer.episodes.dropout-duration"),
            new Variable("EPISODES_CHANCE_RUN_READINGS", "heartbeat.producer.episodes.chance-run-readings"),
            new Variable("EPISODES_FILE", "heartbeat.producer.episodes.file"),
            new Variable("HEART_RATE_MIN", "heartbeat.limits.min"),
            new Variable("HEART_RATE_MAX", "heartbeat.limits.max"),
            new Variable("CONSUMER_GROUP_ID", "heartbeat.consumer.group-id"),
            new Variable("CONSUMER_INSTANCE_ID", "heartbeat.consumer.instance-id"),
            new Variable("CONSUMER_BATCH_SIZE", "heartbeat.consumer.batch-size"),
            new Variable("CONSUMER_CONCURRENCY", "heartbeat.consumer.concurrency"),
            new Variable("CONSUMER_RECORD_ATTEMPTS", "heartbeat.consumer.record-attempts"),
            new Variable("CONSUMER_SESSION_TIMEOUT", "heartbeat.consumer.session-timeout"),
            new Variable("CONSUMER_MAX_POLL_INTERVAL", "heartbeat.consumer.max-poll-interval"),
            new Variable("CONSUMER_IDLE_TRANSACTION_TIMEOUT", "heartbeat.consumer.idle-transaction-timeout"),
            new Variable("LISTENER_STALL_TIMEOUT", "heartbeat.listener.stall-timeout"),
            new Variable("ROLLUP_INTERVAL", "heartbeat.rollup.interval"),
            new Variable("TIMESTAMP_DEFAULT_ZONE", "heartbeat.timestamps.default-zone"),
            new Variable("TIMESTAMP_MAX_FUTURE_SKEW", "heartbeat.timestamps.max-future-skew"),
            new Variable("TIMESTAMP_MAX_AGE", "heartbeat.timestamps.max-age"),
            new Variable("ALERT_RESOLVE_AFTER_VALID", "heartbeat.alerts.resolve-after-valid"),
            new Variable("ALARM_OPEN_AFTER", "heartbeat.alarms.open-after"),
            new Variable("ALARM_RESOLVE_AFTER_VALID", "heartbeat.alarms.resolve-after-valid"),
            new Variable("ALARM_SILENT_AFTER", "heartbeat.alarms.silent-after"),
            new Variable("RETENTION_DAYS", "heartbeat.partitions.retention-days"),
            new Variable("PARTITION_DAYS_AHEAD", "heartbeat.partitions.days-ahead"),
            new Variable("ALERTS_API_TOKEN", "heartbeat.api.token"),
            new Variable("ALERTS_API_USER", "heartbeat.api.user"),
            new Variable("ALERTS_API_PASSWORD", "heartbeat.api.password"),
            new Variable("GRAFANA_READER_PASSWORD", "spring.flyway.placeholders.grafana_reader_password"),
            new Variable("LOG_LEVEL", "logging.level.io.heartbeat"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Variable variable : ALL) {
            String value = environment.getProperty(variable.name());
            // An empty variable (PRODUCER_SEED= in .env) means "not set", as in docker compose's ${VAR:-}.
            if (value != null && !value.isBlank()) {
                properties.put(variable.property(),
                        OriginTrackedValue.of(value, new SystemEnvironmentOrigin(variable.name())));
            }
        }
        if (properties.isEmpty()) {
            return;
        }
        // Every environment this runs on has the process environment's source: Spring Boot's and the launcher's own.
        environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new OriginTrackedMapPropertySource("heartbeatEnvironmentVariables", properties));
    }

    /** The variable {@code name} sets the Spring property {@code property}. */
    public record Variable(String name, String property) {
    }
}
