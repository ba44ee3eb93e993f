package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.heartbeat.testsupport.PasswordPostgres;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer on a server that checks passwords, as the application user of a managed service: neither
 * superuser nor owner of grafana_reader, owner of its database. Without CREATEROLE it migrates and stores
 * readings, warns once with the administrator's SQL and reports the dashboards' login missing; once an
 * administrator created the role, it grants it and reports it ready; with CREATEROLE the reader's password follows
 * GRAFANA_READER_PASSWORD on every start.
 */
@EmbeddedKafka(topics = ManagedPostgresIntegrationTests.TOPIC, partitions = 1,
        brokerProperties = KafkaFixture.KEEP_OLD_RECORDS)
@ExtendWith(OutputCaptureExtension.class)
class ManagedPostgresIntegrationTests {

    static final String TOPIC = "managed-postgres-it";

    private static final String READER_PASSWORD = "Distinct-Reader-Secret-7";

    private static final AtomicInteger IDLE_GROUPS = new AtomicInteger();

    private PasswordPostgres server;

    @BeforeEach
    void startServer() {
        this.server = PasswordPostgres.start();
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void withoutCreateRoleItMigratesStoresReadingsAndSaysTheDashboardsLoginIsMissing(EmbeddedKafkaBroker broker,
            CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", false);

        int exitCode = ConsumerApplication.initDatabase(settings(app, broker, READER_PASSWORD, "init-db-group",
                ConsumerApplication.INIT_DB_ARGUMENT));

        assertThat(exitCode).isZero();
        assertThat(PasswordPostgres.warnings(output.getOut())).singleElement().asString()
            .contains("Role grafana_reader does not exist and app may not create roles")
            .contains("CREATE ROLE grafana_reader LOGIN PASSWORD '<GRAFANA_READER_PASSWORD>';"
                    + " GRANT CONNECT ON DATABASE app TO grafana_reader;");
        int beforeStart = output.getOut().length();
        try (KafkaFixture kafka = new KafkaFixture(broker);
                ConfigurableApplicationContext consumer = ConsumerApplication.application()
                    .run(settings(app, broker, READER_PASSWORD, "stores-group", "--server.port=0"))) {
            kafka.send(TOPIC, "p-1", reading("018f0000-0000-7000-8000-000000000901", 72), KafkaFixture.READINGS_SENT);
            kafka.send(TOPIC, "p-1", reading("018f0000-0000-7000-8000-000000000902", 250), KafkaFixture.READINGS_SENT);
            JdbcTemplate jdbc = new JdbcTemplate(app.dataSource());
            await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class) == 2);
            assertThat(jdbc.queryForList("SELECT validation_status FROM heartbeats ORDER BY kafka_offset",
                    String.class)).containsExactly("valid", "invalid_physiological");
        }
        String startOutput = output.getOut().substring(beforeStart);
        assertThat(PasswordPostgres.warnings(startOutput)).singleElement().asString()
            .contains("Role grafana_reader does not exist and app may not create roles");
        assertThat(startOutput).contains("Dashboards' login grafana_reader is missing: Grafana's panels and alert"
                + " rules cannot read PostgreSQL until an administrator fixes it (docs/consumer.md#grafanas-login)");
        assertThat(output.getOut()).doesNotContain(READER_PASSWORD).doesNotContain("app_password");
    }

    @Test
    void aRoleTheAdministratorCreatedIsGrantedKeepsItsPasswordAndIsReportedReady(EmbeddedKafkaBroker broker,
            CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", false);
        assertThat(ConsumerApplication.initDatabase(settings(app, broker, READER_PASSWORD, "admin-group",
                ConsumerApplication.INIT_DB_ARGUMENT))).isZero();
        JdbcTemplate administrator = this.server.administrator("app");
        administrator.execute("CREATE ROLE grafana_reader LOGIN PASSWORD 'set_by_administrator'");
        administrator.execute("GRANT CONNECT ON DATABASE app TO grafana_reader");
        int beforeStart = output.getOut().length();

        startAndStop(app, broker, READER_PASSWORD);

        String startOutput = output.getOut().substring(beforeStart);
        assertThat(PasswordPostgres.warnings(startOutput)).isEmpty();
        assertThat(startOutput).contains("Role grafana_reader exists and app may not alter it: its password stays as"
                + " an administrator set it, which GRAFANA_READER_PASSWORD has to match")
            .contains("Dashboards' login grafana_reader is ready");
        assertThat(this.server.logsIn("app", "grafana_reader", "set_by_administrator")).isTrue();
        assertThat(this.server.logsIn("app", "grafana_reader", READER_PASSWORD)).isFalse();
        assertThat(new JdbcTemplate(this.server.database("app", "grafana_reader", "set_by_administrator")
            .dataSource()).queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isZero();
    }

    @Test
    void withCreateRoleTheReadersPasswordFollowsGrafanaReaderPasswordOnEveryStart(EmbeddedKafkaBroker broker,
            CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", true);
        startAndStop(app, broker, "old_password");
        assertThat(this.server.logsIn("app", "grafana_reader", "old_password")).isTrue();

        startAndStop(app, broker, "new_password");

        assertThat(this.server.logsIn("app", "grafana_reader", "new_password")).isTrue();
        assertThat(this.server.logsIn("app", "grafana_reader", "old_password")).isFalse();
        assertThat(PasswordPostgres.warnings(output.getOut())).isEmpty();
        assertThat(output.getOut().lines().filter((line) -> line.contains("Dashboards' login grafana_reader is ready")))
            .hasSize(2);
    }

    // Starts and stops the whole consumer: the start-up report, which says whether the login is ready, comes with
    // the listener. Each in a group of its own: a consumer stopped while joining leaves the broker waiting for it, and
    // the next one to join the same group then waits too, so that its close times out with a WARN.
    private static void startAndStop(TestPostgres.Database app, EmbeddedKafkaBroker broker,
            String readerPassword) {
        String group = "idle-group-" + IDLE_GROUPS.incrementAndGet();
        ConsumerApplication.application().run(settings(app, broker, readerPassword, group, "--server.port=0")).close();
    }

    private static String[] settings(TestPostgres.Database app, EmbeddedKafkaBroker broker, String readerPassword,
            String group, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + app.jdbcUrl(),
                "--spring.datasource.username=" + app.user(), "--spring.datasource.password=" + app.password(),
                "--spring.flyway.placeholders.grafana_reader_password=" + readerPassword,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--heartbeat.kafka.topic=" + TOPIC,
                "--heartbeat.kafka.partitions=1", "--heartbeat.consumer.group-id=" + group));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static byte[] reading(String eventId, int value) {
        return ("{\"event_id\":\"" + eventId + "\",\"patient_id\":\"p-1\",\"timestamp\":\"2026-03-01T09:59:59Z\","
                + "\"heartbeat_value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }
}
