package io.heartbeat.dashboards;

import io.heartbeat.testsupport.PasswordPostgres;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role grafana_reader is managed after every migrate (afterMigrate__grafana_reader_role.sql), on a server of
 * its own that checks passwords, with an application user that is neither superuser nor owner of the role:
 * without CREATEROLE the schema still migrates; a role an administrator made keeps its password; a role the user
 * may alter follows GRAFANA_READER_PASSWORD.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReaderRoleOnEveryMigrateIntegrationTests {

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
    void withoutCreateRoleTheSchemaMigratesAndOneWarningGivesTheAdministratorsSql(CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", false);

        app.flyway("reader_password").migrate();

        JdbcTemplate jdbc = new JdbcTemplate(app.dataSource());
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_roles WHERE rolname = 'grafana_reader'", Long.class))
            .isZero();
        assertThat(output.getOut().contains(PasswordPostgres.PUBLIC_SCHEMA_WARNING))
            .isEqualTo(this.server.warnsOfPublicSchema());
        assertThat(PasswordPostgres.warnings(output.getOut())).singleElement().asString()
            .contains("Role grafana_reader does not exist and app may not create roles: readings are stored, but"
                    + " Grafana's dashboards have no login until an administrator runs: CREATE ROLE grafana_reader"
                    + " LOGIN PASSWORD '<GRAFANA_READER_PASSWORD>'; GRANT CONNECT ON DATABASE app TO grafana_reader;"
                    + " and the consumer grants it the rest on its next start (docs/consumer.md#grafanas-login)")
            .doesNotContain("reader_password");
    }

    @Test
    void aRoleTheAdministratorCreatedKeepsItsPasswordAndIsGranted(CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", false);
        app.flyway("reader_password").migrate();
        // What the warning told the administrator to run.
        JdbcTemplate administrator = this.server.administrator("app");
        administrator.execute("CREATE ROLE grafana_reader LOGIN PASSWORD 'set_by_administrator'");
        administrator.execute("GRANT CONNECT ON DATABASE app TO grafana_reader");

        app.flyway("reader_password").migrate();

        assertThat(this.server.logsIn("app", "grafana_reader", "set_by_administrator")).isTrue();
        assertThat(this.server.logsIn("app", "grafana_reader", "reader_password")).isFalse();
        JdbcTemplate reader = new JdbcTemplate(
                this.server.database("app", "grafana_reader", "set_by_administrator").dataSource());
        assertThat(reader.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isZero();
        assertThat(reader.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isZero();
        assertThat(output.getOut()).contains("Role grafana_reader exists and app may not alter it: its password stays"
                + " as an administrator set it, which GRAFANA_READER_PASSWORD has to match");
    }

    @Test
    void theReadersPasswordFollowsGrafanaReaderPasswordOnEveryMigrate(CapturedOutput output) {
        TestPostgres.Database app = this.server.createOwner("app", "app_password", true);
        app.flyway("old_password").migrate();
        assertThat(this.server.logsIn("app", "grafana_reader", "old_password")).isTrue();

        app.flyway("new_password").migrate();

        assertThat(this.server.logsIn("app", "grafana_reader", "new_password")).isTrue();
        assertThat(this.server.logsIn("app", "grafana_reader", "old_password")).isFalse();
        assertThat(new JdbcTemplate(this.server.database("app", "grafana_reader", "new_password").dataSource())
            .queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isZero();
        assertThat(PasswordPostgres.warnings(output.getOut())).isEmpty();
    }
}
