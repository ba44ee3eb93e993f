package io.heartbeat.consumer.ingest;

import io.heartbeat.config.KafkaTopicSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Says once, at start, what the consumer reads and where it writes, never the password, and whether Grafana's login,
 * which the consumer runs without, is ready (docs/consumer.md, "Grafana's login").
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
class StartupReport {

    private static final Logger logger = LoggerFactory.getLogger(StartupReport.class);

    // CASE evaluates in order: the privilege functions fail for a role that does not exist.
    private static final String GRAFANA_READER_STATE = """
            SELECT CASE
                WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader') THEN 'missing'
                WHEN NOT (SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader')
                    THEN 'not allowed to log in'
                WHEN NOT (has_database_privilege('grafana_reader', current_database(), 'CONNECT')
                        AND has_schema_privilege('grafana_reader', 'public', 'USAGE')
                        AND has_table_privilege('grafana_reader', 'heartbeats', 'SELECT')
                        AND has_table_privilege('grafana_reader', 'heartbeat_alerts', 'SELECT'))
                    THEN 'not granted SELECT on heartbeats and heartbeat_alerts'
                ELSE 'ready' END
            """;

    private final KafkaTopicSettings topics;

    private final ConsumerSettings consumer;

    private final JdbcConnectionDetails postgres;

    private final JdbcTemplate jdbc;

    StartupReport(KafkaTopicSettings topics, ConsumerSettings consumer, JdbcConnectionDetails postgres,
            JdbcTemplate jdbc) {
        this.topics = topics;
        this.consumer = consumer;
        this.postgres = postgres;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        logger.info("Consuming {} as group {} (batch size {}, concurrency {}, dead letters to {}) into PostgreSQL {}"
                + " as {}", this.topics.topic(), this.consumer.groupId(), this.consumer.batchSize(),
                this.consumer.concurrency(), this.topics.deadLetterTopic(), withoutParameters(this.postgres.getJdbcUrl()),
                this.postgres.getUsername());
        String login = grafanaReaderState();
        if ("ready".equals(login)) {
            logger.info("Dashboards' login grafana_reader is ready");
        }
        else {
            // INFO, not WARN: the migration already warned once, with the SQL an administrator runs.
            logger.info("Dashboards' login grafana_reader is {}: Grafana's panels and alert rules cannot read"
                    + " PostgreSQL until an administrator fixes it (docs/consumer.md#grafanas-login)", login);
        }
    }

    // "ready", or what keeps the dashboards from reading: "missing", say.
    private String grafanaReaderState() {
        try {
            return this.jdbc.queryForObject(GRAFANA_READER_STATE, String.class);
        }
        catch (DataAccessException ex) {
            return "unknown (" + ex.getMostSpecificCause().getMessage() + ")";
        }
    }

    // URL parameters may carry a password.
    private static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return (query >= 0) ? jdbcUrl.substring(0, query) : jdbcUrl;
    }
}
