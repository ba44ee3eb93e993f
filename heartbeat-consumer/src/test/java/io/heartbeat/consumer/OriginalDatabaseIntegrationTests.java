package io.heartbeat.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.heartbeat.consumer.OriginalPayloads.OriginalPayload;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The consumer pointed at the database of the project it replaces: the original's schema as its description gives
 * it, filled with the original producer's 1,000 payloads as the original stored them. A plain start stops with one
 * line and touches nothing; {@code --import-original} keeps the original's tables in schema {@code original} and
 * copies every row in, ids and all, after which the consumer starts as on its own database.
 */
@ExtendWith(OutputCaptureExtension.class)
@EmbeddedKafka(topics = OriginalDatabaseIntegrationTests.TOPIC, partitions = 1)
class OriginalDatabaseIntegrationTests {

    static final String TOPIC = "original-database-it";

    // The original producer's timestamps are naive: the original stored them as UTC. Its alerts took the insertion
    // time, not the reading's.
    private static final OffsetDateTime ALERTED = OffsetDateTime.parse("2026-12-05T08:00:00Z");

    private static final OffsetDateTime STORED = OffsetDateTime.parse("2026-12-05T07:00:00Z");

    private final TestPostgres.Database database = TestPostgres.freshDatabase();

    private final JdbcTemplate jdbc = new JdbcTemplate(this.database.dataSource());

    @Test
    void aPlainStartStopsWithOneLineAndTouchesNothing(EmbeddedKafkaBroker broker, CapturedOutput output) {
        List<Reading> readings = fillTheOriginal();

        assertThatException().isThrownBy(() -> start(broker));

        assertThat(output).contains("Original project's tables found: POSTGRES_DB=\"" + this.database.name()
                + "\" holds heartbeats and heartbeat_alerts as the original project made them, and no schema of"
                + " Heartbeat Monitor; run the consumer once with --import-original to move them to schema original"
                + " and copy their rows in\n");
        assertThat(publicTables()).containsExactly("heartbeat_alerts", "heartbeats");
        assertThat(count("heartbeats")).isEqualTo(readings.size());
    }

    @Test
    void importKeepsTheOriginalAndCopiesEveryRowIn(EmbeddedKafkaBroker broker, CapturedOutput output) {
        List<Reading> readings = fillTheOriginal();
        String originalReadings = checksum("heartbeats", "id");
        String originalAlerts = checksum("heartbeat_alerts", "alert_id");
        long notValid = readings.stream().filter((reading) -> !reading.status().equals("valid")).count();

        assertThat(importOriginal(broker)).isZero();

        assertThat(this.jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                + " installed_rank", String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                        "11", "12");
        // Each patient's oldest open alert, for the automatic resolution (V12).
        assertThat(this.jdbc.queryForList("SELECT patient_id || '@' || open_since FROM heartbeat_alerts_open_since"
                + " ORDER BY 1", String.class)).hasSizeGreaterThan(1).isEqualTo(this.jdbc.queryForList("SELECT"
                        + " patient_id || '@' || min(timestamp) FROM heartbeat_alerts WHERE NOT resolved_flag"
                        + " GROUP BY patient_id ORDER BY 1", String.class));
        assertThat(checksum("original.heartbeats", "id")).isEqualTo(originalReadings);
        assertThat(checksum("original.heartbeat_alerts", "alert_id")).isEqualTo(originalAlerts);
        assertThat(storedReadings()).containsExactlyElementsOf(readings.stream().map(Reading::imported).toList());
        assertThat(count("heartbeats h JOIN original.heartbeats o USING (id) WHERE h.raw_payload = o.raw_payload::text"
                + " AND h.event_id = md5('original/heartbeats/' || o.id)::uuid")).isEqualTo(readings.size());
        assertThat(JsonMapper.shared().readTree(this.jdbc.queryForObject("SELECT raw_payload FROM heartbeats"
                + " WHERE id = ?", String.class, readings.get(0).id())))
            .isEqualTo(JsonMapper.shared().readTree(readings.get(0).payload()));
        // One alert per non-valid reading, at its reading's time; the second alert of the first and the alert of no
        // reading stay behind.
        assertThat(count("heartbeat_alerts")).isEqualTo(notValid);
        assertThat(count("heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id AND h.timestamp = a.timestamp"
                + " AND h.validation_status <> 'valid' AND a.created_at = '" + ALERTED + "'")).isEqualTo(notValid);
        assertThat(count("heartbeat_alerts WHERE resolved_flag AND resolved_at IS NULL")).isOne();
        assertThat(output).contains("Imported the original project's tables: 1000 readings and " + notValid
                + " alerts, " + days(readings) + " day partitions created; 2 alerts left in original.heartbeat_alerts");
        assertThat(count("heartbeats_default")).isZero();
        readings.stream().collect(Collectors.groupingBy(Reading::day, Collectors.counting()))
            .forEach((day, stored) -> assertThat(count("heartbeats_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE)))
                .isEqualTo(stored));
        // Ids go on after the original's.
        long lastId = readings.get(readings.size() - 1).id();
        assertThat(this.jdbc.queryForObject("INSERT INTO heartbeats (event_id, timestamp, patient_id,"
                + " validation_status) VALUES (md5('next')::uuid, now(), 'p-next', 'valid') RETURNING id", Long.class))
            .isEqualTo(lastId + 1);

        start(broker);
        assertThat(importOriginal(broker)).isZero();
        assertThat(count("heartbeats")).isEqualTo(readings.size() + 1);
        assertThat(count("heartbeat_alerts")).isEqualTo(notValid);
    }

    @Test
    void aFailedCopyLeavesNothingHalfDoneAndIsTakenUpAgain(EmbeddedKafkaBroker broker, CapturedOutput output) {
        List<Reading> readings = fillTheOriginal();
        long lowReading = readings.stream().filter((reading) -> "low".equals(reading.anomalyType())).findFirst()
            .orElseThrow().id();
        // The original's anomaly_type had no length; this schema's holds 32 characters.
        this.jdbc.update("UPDATE heartbeats SET anomaly_type = repeat('x', 33) WHERE id = ?", lowReading);

        assertThatException().isThrownBy(() -> importOriginal(broker));

        assertThat(output).contains("Import failed: POSTGRES_DB=\"" + this.database.name() + "\" could not copy the"
                + " original project's rows in: ERROR: value too long for type character varying(32); the days copied"
                + " so far stay, and --import-original copies the rest\n");
        assertThat(count("heartbeats")).isZero();
        assertThat(count("original_pending.heartbeats")).isEqualTo(readings.size());
        assertThatException().isThrownBy(() -> start(broker));
        assertThat(output).contains("Import unfinished: POSTGRES_DB=\"" + this.database.name() + "\" holds the"
                + " original project's tables in schema original_pending, not yet copied in; run the consumer with"
                + " --import-original again to finish\n");

        this.jdbc.update("UPDATE original_pending.heartbeats SET anomaly_type = 'low' WHERE id = ?", lowReading);
        assertThat(importOriginal(broker)).isZero();
        assertThat(count("heartbeats")).isEqualTo(readings.size());
        assertThat(count("original.heartbeats")).isEqualTo(readings.size());
    }

    @Test
    void importsYearsOfHistoryAWeekATransaction(EmbeddedKafkaBroker broker, CapturedOutput output) {
        // Two years, four readings a day, every tenth too high: 730 days, none of them today's.
        createTheOriginalSchema();
        this.jdbc.update("INSERT INTO heartbeats (timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type) SELECT t, 'p-' || n % 5, CASE WHEN n % 10 = 0 THEN 200 ELSE 70 END,"
                + " CASE WHEN n % 10 = 0 THEN 'invalid_physiological' ELSE 'valid' END,"
                + " CASE WHEN n % 10 = 0 THEN 'high' END FROM generate_series(timestamptz '2024-12-01T00:00:00Z',"
                + " timestamptz '2026-11-30T18:00:00Z', interval '6 hours') WITH ORDINALITY AS s (t, n)");
        this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                + " alert_category) SELECT id, timestamp, patient_id, heartbeat_value, 'physiological_anomaly'"
                + " FROM heartbeats WHERE validation_status <> 'valid'");

        assertThat(importOriginal(broker)).isZero();

        assertThat(output).contains("Imported the original project's tables: 2920 readings and 292 alerts, 730 day"
                + " partitions created; 0 alerts left");
        assertThat(count("heartbeats")).isEqualTo(2920);
        assertThat(count("heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id AND h.timestamp = a.timestamp"
                + " WHERE h.heartbeat_value = 200")).isEqualTo(292);
        assertThat(count("heartbeats_default")).isZero();
        assertThat(count("heartbeats_p20241201")).isEqualTo(4);
        assertThat(count("heartbeats_p20261130")).isEqualTo(4);
        // In one transaction, PostgreSQL's default lock table (64 a connection) ran out on these 730 days; the
        // test server's is larger (300 connections), so the weeks are counted by the transactions that wrote them.
        assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM heartbeats", Long.class))
            .isEqualTo(105);
    }

    /**
     * Times at infinity, which the original's {@code timestamptz} column takes: such readings, and their alerts, stay
     * in schema original, since no day holds them. Imported, the automatic resolution failed every batch of their
     * patient (the time did not fit in microseconds), and the rollup, starting at the first row's created_at (here
     * none, so its time), never caught up from -infinity. The patient's other alert is imported and resolves by
     * itself; the rollup catches up.
     */
    @Test
    void readingsAtInfinityStayBehindAndTheConsumerGoesOnWithTheirPatient(EmbeddedKafkaBroker broker,
            CapturedOutput output) {
        createTheOriginalSchema();
        this.jdbc.update("INSERT INTO heartbeats (timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, created_at) SELECT t, 'p-inf', 200, 'invalid_physiological', 'high',"
                + " CASE WHEN isfinite(t) THEN now() END"
                + " FROM unnest(array['-infinity', '2026-02-28T10:00:00Z', 'infinity']::timestamptz[]) t");
        this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                + " alert_category) SELECT id, timestamp, patient_id, heartbeat_value, 'physiological_anomaly'"
                + " FROM heartbeats ORDER BY id");

        assertThat(importOriginal(broker)).isZero();

        assertThat(output).contains("Imported the original project's tables: 1 readings and 1 alerts, 1 day"
                + " partitions created; 2 alerts left in original.heartbeat_alerts (of no reading, a reading's second,"
                + " or a reading left); 2 readings left in original.heartbeats (at an infinite time)");
        assertThat(this.jdbc.queryForList("SELECT timestamp::text FROM heartbeats", String.class))
            .containsExactly("2026-02-28 10:00:00+00");
        assertThat(count("original.heartbeats")).isEqualTo(3);
        assertThat(this.jdbc.queryForList("SELECT patient_id || '@' || open_since FROM heartbeat_alerts_open_since",
                String.class)).containsExactly("p-inf@2026-02-28 10:00:00+00");
        try (KafkaFixture kafka = new KafkaFixture(broker);
                ConfigurableApplicationContext consumer = ConsumerApplication.application()
                    .run(settings(broker, "--server.port=0", "--ROLLUP_INTERVAL=1s"))) {
            kafka.sendAll(TOPIC, "p-inf", IntStream.range(0, 5).mapToObj((second) -> ("{\"event_id\":"
                    + "\"018f0000-0000-7000-8000-00000000090" + second + "\",\"patient_id\":\"p-inf\","
                    + "\"timestamp\":\"2026-03-01T09:59:5" + second + "Z\",\"heartbeat_value\":72}")
                .getBytes(StandardCharsets.UTF_8)).toList(), KafkaFixture.READINGS_SENT);
            await().atMost(Duration.ofSeconds(60)).until(() -> count("heartbeats") == 6
                    && count("heartbeat_minutes WHERE minute = '2026-03-01T09:59:00Z' AND valid_readings = 5") == 1);

            assertThat(this.jdbc.queryForList("SELECT timestamp || ' ' || resolved_by FROM heartbeat_alerts",
                    String.class)).containsExactly("2026-02-28 10:00:00+00 auto (5 valid readings)");
        }
        assertThat(output.getOut().lines().filter((line) -> line.matches(
                ".*(WARN|ERROR) .* --- \\[heartbeat-consumer\\] \\[[^]]*\\] i\\.h\\..*"))).isEmpty();
    }

    @Test
    void importMovesNothingWhileOtherRelationsShareTheSchema(EmbeddedKafkaBroker broker, CapturedOutput output) {
        List<Reading> readings = fillTheOriginal();
        this.jdbc.execute("CREATE VIEW recent_heartbeats AS SELECT * FROM heartbeats ORDER BY timestamp DESC LIMIT 10");

        assertThatException().isThrownBy(() -> importOriginal(broker));

        assertThat(output).contains("Database in use: POSTGRES_DB=\"" + this.database.name() + "\" holds, besides"
                + " the original project's tables, recent_heartbeats: move them to another schema or database, then"
                + " run --import-original again\n");
        assertNothingMoved(readings);
    }

    @Test
    void anImporterThatDoesNotOwnTheTablesMovesNothing(EmbeddedKafkaBroker broker, CapturedOutput output) {
        List<Reading> readings = fillTheOriginal();
        String importer = this.database.name() + "_importer";
        this.jdbc.execute("CREATE ROLE " + importer + " LOGIN; GRANT CREATE ON DATABASE " + this.database.name()
                + " TO " + importer + "; GRANT CREATE, USAGE ON SCHEMA public TO " + importer);

        assertThatException().isThrownBy(() -> ConsumerApplication.initDatabase(settingsAs(importer, broker,
                "--" + ConsumerApplication.IMPORT_ORIGINAL_OPTION)));

        assertThat(output).contains("Import failed: POSTGRES_DB=\"" + this.database.name() + "\" could not move the"
                + " original project's tables aside: ERROR: must be owner of table heartbeat_alerts; nothing was"
                + " moved. The import runs as the tables' owner, with CREATE on the database\n");
        assertNothingMoved(readings);
    }

    @Test
    void anotherProjectsTablesStopStartUp(EmbeddedKafkaBroker broker, CapturedOutput output) {
        this.jdbc.execute("CREATE TABLE patients (id int); CREATE TABLE visits (id int)");

        assertThatException().isThrownBy(() -> start(broker));

        assertThat(output).contains("Database in use: POSTGRES_DB=\"" + this.database.name() + "\" holds tables"
                + " Heartbeat Monitor did not make (patients, visits) and no schema of Heartbeat Monitor; give the"
                + " consumer a database of its own\n");
        assertThat(publicTables()).containsExactly("patients", "visits");
    }

    // The original's schema, and each payload stored as the original did: its status by value, its payload as JSONB,
    // an alert for each non-valid one. The overflowing values got no anomaly type, the first reading no created_at.
    private List<Reading> fillTheOriginal() {
        createTheOriginalSchema();
        List<Reading> readings = new ArrayList<>();
        for (OriginalPayload payload : OriginalPayloads.read()) {
            String[] classification = classification(payload.value());
            OffsetDateTime createdAt = readings.isEmpty() ? null : STORED;
            long id = this.jdbc.queryForObject("INSERT INTO heartbeats (timestamp, patient_id, heartbeat_value,"
                    + " validation_status, anomaly_type, raw_payload, created_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                    + " RETURNING id", Long.class, payload.timestampAsUtc().atOffset(ZoneOffset.UTC),
                    payload.patientId(), payload.value(), classification[0], classification[1], payload.text(),
                    createdAt);
            readings.add(new Reading(id, payload.timestampAsUtc(), payload.patientId(), payload.value(),
                    classification[0], classification[1], createdAt, payload.text()));
            if (!classification[0].equals("valid")) {
                this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                        + " alert_category, created_at) VALUES (?, ?, ?, ?, ?, ?)", id, ALERTED, payload.patientId(),
                        payload.value(), category(classification[0]), ALERTED);
            }
        }
        this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, alert_category,"
                + " created_at) SELECT heartbeat_id, timestamp, patient_id, alert_category, created_at"
                + " FROM heartbeat_alerts ORDER BY alert_id LIMIT 1");
        this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, alert_category) VALUES (NULL, ?,"
                + " 'data_corruption')", ALERTED);
        this.jdbc.update("UPDATE heartbeat_alerts SET resolved_flag = TRUE WHERE alert_id = 2");
        return readings;
    }

    // The original's tables where it left them, whole, and no schema made for them.
    private void assertNothingMoved(List<Reading> readings) {
        assertThat(publicTables()).containsExactly("heartbeat_alerts", "heartbeats");
        assertThat(count("heartbeats")).isEqualTo(readings.size());
        assertThat(count("pg_namespace WHERE nspname LIKE 'original%'")).isZero();
    }

    private void createTheOriginalSchema() {
        try {
            this.jdbc.execute(new ClassPathResource("original/schema.sql").getContentAsString(StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String[] classification(BigDecimal value) {
        if (value.signum() < 0) {
            return new String[] { "invalid_system", "negative_value" };
        }
        if (value.compareTo(BigDecimal.valueOf(300)) > 0) {
            return new String[] { "invalid_system", null };
        }
        if (value.compareTo(BigDecimal.valueOf(50)) < 0) {
            return new String[] { "invalid_physiological", "low" };
        }
        if (value.compareTo(BigDecimal.valueOf(120)) > 0) {
            return new String[] { "invalid_physiological", "high" };
        }
        return new String[] { "valid", null };
    }

    private static String category(String status) {
        return status.equals("invalid_system") ? "system_anomaly" : "physiological_anomaly";
    }

    private static long days(List<Reading> readings) {
        return readings.stream().map(Reading::day).distinct().count();
    }

    private List<Reading> storedReadings() {
        return this.jdbc.query("SELECT id, timestamp, patient_id, heartbeat_value, validation_status, anomaly_type,"
                + " created_at FROM heartbeats ORDER BY id", (rs, n) -> new Reading(rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class), null));
    }

    private String checksum(String table, String key) {
        return this.jdbc.queryForObject("SELECT md5(string_agg(t::text, '|' ORDER BY " + key + ")) FROM " + table
                + " t", String.class);
    }

    private List<String> publicTables() {
        return this.jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
                String.class);
    }

    private long count(String from) {
        return this.jdbc.queryForObject("SELECT count(*) FROM " + from, Long.class);
    }

    private int importOriginal(EmbeddedKafkaBroker broker) {
        return ConsumerApplication.initDatabase(settings(broker, "--" + ConsumerApplication.IMPORT_ORIGINAL_OPTION));
    }

    private void start(EmbeddedKafkaBroker broker) {
        ConsumerStartup.startAsGiven(settings(broker));
    }

    // The consumer on the test database by the original project's variables, as a user replacing it would run it.
    private String[] settings(EmbeddedKafkaBroker broker, String... more) {
        return settingsAs(this.database.user(), broker, more);
    }

    private String[] settingsAs(String user, EmbeddedKafkaBroker broker, String... more) {
        List<String> args = new ArrayList<>(List.of("--POSTGRES_HOST=" + this.database.host(),
                "--POSTGRES_PORT=" + this.database.port(), "--POSTGRES_DB=" + this.database.name(),
                "--POSTGRES_USER=" + user, "--POSTGRES_PASSWORD=" + this.database.password(),
                "--KAFKA_BROKER=" + broker.getBrokersAsString(), "--KAFKA_TOPIC=" + TOPIC));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A reading as the original stored it, and as the import should: its anomaly type and created_at filled in. */
    record Reading(long id, Instant timestamp, String patientId, BigDecimal value, String status, String anomalyType,
            OffsetDateTime createdAt, String payload) {

        LocalDate day() {
            return this.timestamp.atOffset(ZoneOffset.UTC).toLocalDate();
        }

        Reading imported() {
            String anomaly = (this.anomalyType == null && !this.status.equals("valid")) ? "not_recorded"
                    : this.anomalyType;
            OffsetDateTime stored = (this.createdAt != null) ? this.createdAt : this.timestamp.atOffset(ZoneOffset.UTC);
            return new Reading(this.id, this.timestamp, this.patientId, this.value, this.status, anomaly, stored, null);
        }
    }
}
