package io.heartbeat.consumer.ingest;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.consumer.persistence.GrafanaReaderLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says once, at start, what the consumer reads and where it writes, never the password, and whether Grafana's
 * login is ready.
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
class StartupReport {

    private static final Logger logger = LoggerFactory.getLogger(StartupReport.class);

    private final KafkaTopicSettings topics;

    private final ConsumerSettings consumer;

    private final JdbcConnectionDetails postgres;

    private final GrafanaReaderLogin grafanaReader;

    StartupReport(KafkaTopicSettings topics, ConsumerSettings consumer, JdbcConnectionDetails postgres,
            GrafanaReaderLogin grafanaReader) {
        this.topics = topics;
        this.consumer = consumer;
        this.postgres = postgres;
        this.grafanaReader = grafanaReader;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        logger.info("Consuming {} as group {} (batch size {}, concurrency {}, dead letters to {}) into PostgreSQL {}"
                + " as {}", this.topics.topic(), this.consumer.groupId(), this.consumer.batchSize(),
                this.consumer.concurrency(), this.topics.deadLetterTopic(), withoutParameters(this.postgres.getJdbcUrl()),
                this.postgres.getUsername());
        String login = this.grafanaReader.state();
        if ("ready".equals(login)) {
            logger.info("Dashboards' login grafana_reader is ready");
        }
        else {
            // INFO, not WARN: the migration already warned once, with the SQL an administrator runs.
            logger.info("Dashboards' login grafana_reader is {}: Grafana's panels and alert rules cannot read"
                    + " PostgreSQL until an administrator fixes it (docs/consumer.md#grafanas-login)", login);
        }
    }

    // URL parameters may carry a password.
    private static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return (query >= 0) ? jdbcUrl.substring(0, query) : jdbcUrl;
    }
}
