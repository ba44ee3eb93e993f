package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;

import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --init-db} migrates PostgreSQL and exits 0, without consuming a record or touching a topic; a database
 * migrated before issue 17 too.
 */
@EmbeddedKafka(topics = InitDbIntegrationTests.TOPIC, partitions = 2, brokerProperties = KafkaFixture.KEEP_OLD_RECORDS)
class InitDbIntegrationTests {

    static final String TOPIC = "init-db-it";

    static final String GROUP = "init-db-it-group";

    @Test
    void migratesAndExitsWithoutConsuming(EmbeddedKafkaBroker broker) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (KafkaFixture kafka = new KafkaFixture(broker)) {
            kafka.send(TOPIC, "p-1", ("{\"event_id\":\"018f0000-0000-7000-8000-000000000201\",\"patient_id\":"
                    + "\"p-1\",\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":72}")
                .getBytes(StandardCharsets.UTF_8), KafkaFixture.READINGS_SENT);

            int exitCode = initDatabase(database, broker);

            assertThat(exitCode).isZero();
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                    + " installed_rank", String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9",
                            "10", "11", "12");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isZero();
            assertThat(kafka.committedOffsets(GROUP, TOPIC)).containsOnlyKeys(new TopicPartition(TOPIC, 0),
                    new TopicPartition(TOPIC, 1)).allSatisfy((partition, offset) -> assertThat(offset).isZero());
            assertThat(kafka.groups()).doesNotContain(GROUP);
            assertThat(kafka.topics()).containsExactly(TOPIC);
        }
    }

    @Test
    void migratesADatabaseTheFirstV2Migrated(EmbeddedKafkaBroker broker) {
        // Before issue 17, V2 created grafana_reader itself: its recorded checksum differs from today's V2.
        TestPostgres.Database database = TestPostgres.freshDatabase().migrateWithTheFirstV2();

        int exitCode = initDatabase(database, broker);

        assertThat(exitCode).isZero();
        assertThat(new JdbcTemplate(database.dataSource()).queryForList("SELECT version FROM flyway_schema_history"
                + " WHERE success ORDER BY installed_rank", String.class))
            .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    }

    private static int initDatabase(TestPostgres.Database database, EmbeddedKafkaBroker broker) {
        return ConsumerApplication.initDatabase("--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--heartbeat.kafka.topic=" + TOPIC,
                "--heartbeat.consumer.group-id=" + GROUP, ConsumerApplication.INIT_DB_ARGUMENT);
    }
}
