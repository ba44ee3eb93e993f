package io.heartbeat.local.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.ProjectFiles;
import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Security basics, against both services run from their jars: the actuator exposes health, info and prometheus
 * only; the consumer works with exactly the database grants docs/consumer.md lists, its schema applied beforehand
 * by the owner ({@code --init-db}); and no credential given to either run appears in their output, log files or
 * HTTP answers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityBasicsIntegrationTests {

    private static final String TOPIC = "heartbeats-security";

    private static final String OWNER = "heartbeat_owner_sec";

    private static final String APP = "heartbeat_app_sec";

    // Made-up test values, distinctive so that any copy of them in an output is found.
    private static final String OWNER_PASSWORD = "Owner-Pw-7c1e9f";

    private static final String APP_PASSWORD = "App-Pw-4b8d2a";

    private static final String API_PASSWORD = "Api-Pw-9e3f6c";

    private static final String API_TOKEN = "Api-Token-5a0d7e1b2c";

    private static final String READER_PASSWORD = "Reader-Pw-2f6a8d";

    private static final List<String> SECRETS = List.of(OWNER_PASSWORD, APP_PASSWORD, API_PASSWORD, API_TOKEN,
            READER_PASSWORD);

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    static Path workDir;

    private static TestPostgres.Database database;

    private static FaultKafka kafka;

    private static ServiceProcess consumer;

    private static ServiceProcess producer;

    private static String initDbOutput;

    @BeforeAll
    static void startBothServicesWithLeastPrivilege() {
        database = TestPostgres.freshDatabase();
        JdbcTemplate dba = new JdbcTemplate(database.dataSource());
        dba.execute("CREATE ROLE " + OWNER + " LOGIN CREATEROLE PASSWORD '" + OWNER_PASSWORD + "'");
        dba.execute("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
        dba.execute("ALTER DATABASE " + database.name() + " OWNER TO " + OWNER);
        // As from PostgreSQL 15 on, the database's owner owns schema public; V2 then revokes CREATE from PUBLIC.
        dba.execute("ALTER SCHEMA public OWNER TO " + OWNER);
        kafka = FaultKafka.start(workDir.resolve("kafka"));
        kafka.createTopic(TOPIC, 1);
        Path consumerJar = ServiceProcess.executableJar("heartbeat-consumer");

        Map<String, String> owner = consumerEnvironment(OWNER, OWNER_PASSWORD, "init-db");
        owner.put("GRAFANA_READER_PASSWORD", READER_PASSWORD);
        try (ServiceProcess initDb = ServiceProcess.start("consumer-init-db", consumerJar, workDir,
                LocalPorts.anyFree(), owner, List.of(ConsumerApplication.INIT_DB_ARGUMENT))) {
            assertThat(initDb.awaitExit()).as(initDb.output()).isZero();
            initDbOutput = initDb.output();
        }
        JdbcTemplate asOwner = jdbc(OWNER, OWNER_PASSWORD);
        documentedGrants().forEach((grant) -> asOwner.execute(grant.replace("heartbeat_db", database.name())
            .replace("heartbeat_user", APP)));

        Map<String, String> app = consumerEnvironment(APP, APP_PASSWORD, "consumer");
        app.put("SPRING_FLYWAY_ENABLED", "false");
        app.put("ALERTS_API_USER", "operator");
        app.put("ALERTS_API_PASSWORD", API_PASSWORD);
        app.put("ALERTS_API_TOKEN", API_TOKEN);
        app.put("LOG_LEVEL", "DEBUG");
        consumer = ServiceProcess.start("consumer", consumerJar, workDir, LocalPorts.anyFree(), app,
                List.of("--logging.level.com.zaxxer.hikari=DEBUG"));
        producer = ServiceProcess.start("producer", ServiceProcess.executableJar("heartbeat-producer"), workDir,
                LocalPorts.anyFree(), Map.of("KAFKA_BROKER", kafka.bootstrapServers(), "KAFKA_TOPIC", TOPIC,
                        "KAFKA_TOPIC_PARTITIONS", "1", "PRODUCER_SEED", "7", "PRODUCER_EVENTS_PER_SECOND", "20",
                        "LOG_DIR", workDir.resolve("logs-producer").toString()), List.of());
        consumer.awaitHealthy(PATIENCE);
        producer.awaitHealthy(PATIENCE);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] { producer, consumer, kafka }) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    @Test
    @Order(1)
    void actuatorExposesOnlyHealthInfoAndPrometheusOnBothServices() {
        for (ServiceProcess service : List.of(consumer, producer)) {
            assertThat(JsonMapper.shared().readTree(service.get("/actuator").body()).get("_links").propertyNames())
                .containsExactlyInAnyOrder("self", "health", "health-path", "info", "prometheus");
            for (String endpoint : List.of("env", "configprops", "beans", "conditions", "heapdump", "threaddump",
                    "loggers", "metrics", "mappings", "scheduledtasks", "caches", "shutdown", "startup", "sbom",
                    "flyway", "logfile", "httpexchanges", "auditevents", "sessions")) {
                assertThat(service.get("/actuator/" + endpoint).statusCode()).as(endpoint).isEqualTo(404);
            }
            assertThat(service.get("/actuator/health").statusCode()).isEqualTo(200);
            assertThat(service.get("/actuator/info").statusCode()).isEqualTo(200);
            assertThat(service.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    void consumerStoresAlertsResolvesAndServesTheApiWithOnlyTheDocumentedGrants() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(FaultKafka.readingDayRecord(TOPIC, "security-1", ("{\"event_id\":\"018f0000-0000-7000-8000-"
                    + String.format("%012d", i) + "\",\"patient_id\":\"security-1\",\"timestamp\":\"2026-03-01T12:00:0"
                    + i + "Z\",\"heartbeat_value\":" + ((i == 0) ? 150 : 72) + "}").getBytes(StandardCharsets.UTF_8)));
        }
        kafka.sendAll(TOPIC, records);
        JdbcTemplate asApp = jdbc(APP, APP_PASSWORD);
        // The high reading raised an alert; the five valid ones after it resolved it (UPDATE of its columns).
        await().atMost(PATIENCE).until(() -> asApp.queryForList("SELECT resolved_flag FROM heartbeat_alerts "
                + "WHERE patient_id = 'security-1'", Boolean.class).equals(List.of(true)));
        await().atMost(PATIENCE).until(() -> asApp.queryForObject("SELECT count(*) FROM heartbeats "
                + "WHERE patient_id LIKE 'patient-%'", Long.class) > 0);
        long alertId = asApp.queryForObject("SELECT alert_id FROM heartbeat_alerts WHERE patient_id = 'security-1'",
                Long.class);
        int port = consumer.httpPort();
        assertThat(LocalHttp.get(port, "/api/patients/security-1/summary?from=2026-03-01T00:00:00Z"
                + "&to=2026-03-02T00:00:00Z", "operator", API_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(LocalHttp.post(port, "/api/alerts/" + alertId + "/acknowledge", "operator", API_PASSWORD)
            .statusCode()).isEqualTo(200);

        for (String forbidden : List.of("DELETE FROM heartbeats", "UPDATE heartbeats SET patient_id = 'x'",
                "TRUNCATE heartbeat_alerts", "DROP TABLE heartbeats", "CREATE TABLE stolen (id int)",
                "UPDATE heartbeat_alerts SET alert_category = 'x'", "DELETE FROM flyway_schema_history")) {
            assertThatExceptionOfType(DataAccessException.class).as(forbidden)
                .isThrownBy(() -> asApp.execute(forbidden))
                .extracting((ex) -> ((SQLException) ex.getMostSpecificCause()).getSQLState())
                .as(forbidden + ": SQLState insufficient_privilege").isEqualTo("42501");
        }
    }

    @Test
    @Order(3)
    void noCredentialAppearsInOutputLogFilesOrHttpAnswers() {
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/actuator", "/actuator/info", "/actuator/health", "/actuator/prometheus",
                "/v3/api-docs")) {
            answers.add(consumer.get(path).body());
        }
        answers.add(producer.get("/actuator/info").body());
        answers.add(producer.get("/actuator/health").body());
        answers.add(producer.get("/actuator/prometheus").body());
        Map<String, String> outputs = new HashMap<>();
        outputs.put("consumer --init-db output", initDbOutput);
        outputs.put("consumer output", consumer.output());
        outputs.put("producer output", producer.output());
        outputs.put("log files", ServiceProcess.filesUnder(workDir.resolve("logs-init-db"))
                + ServiceProcess.filesUnder(workDir.resolve("logs-consumer"))
                + ServiceProcess.filesUnder(workDir.resolve("logs-producer")));
        outputs.put("HTTP answers", String.join("\n", answers));
        // What was searched is not empty: the runs logged, at DEBUG too, and answered.
        assertThat(outputs.get("consumer output")).contains("Consuming " + TOPIC).contains(" DEBUG ");
        assertThat(outputs.get("log files")).contains("Consuming " + TOPIC);
        assertThat(outputs.get("HTTP answers")).contains("\"status\":\"UP\"").contains("heartbeat_events_stored");
        outputs.forEach((where, text) -> assertThat(text).as(where).doesNotContain(SECRETS));
    }

    private static Map<String, String> consumerEnvironment(String user, String password, String logs) {
        return new HashMap<>(Map.of("KAFKA_BROKER", kafka.bootstrapServers(), "KAFKA_TOPIC", TOPIC,
                "KAFKA_TOPIC_PARTITIONS", "1",
                "POSTGRES_HOST", database.host(), "POSTGRES_PORT", String.valueOf(database.port()),
                "POSTGRES_DB", database.name(), "POSTGRES_USER", user, "POSTGRES_PASSWORD", password,
                "LOG_DIR", workDir.resolve("logs-" + logs).toString()));
    }

    /** The SQL of docs/consumer.md, "Database rights", statement by statement. */
    private static List<String> documentedGrants() {
        try {
            String doc = Files.readString(ProjectFiles.resolve("docs/consumer.md"), StandardCharsets.UTF_8);
            String section = doc.substring(doc.indexOf("## Database rights"));
            int start = section.indexOf("```sql") + "```sql".length();
            String sql = section.substring(start, section.indexOf("```", start));
            return List.of(sql.trim().split(";\\s*"));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static JdbcTemplate jdbc(String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return new JdbcTemplate(dataSource);
    }
}
