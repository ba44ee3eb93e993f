package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The /api/ds/query bodies the compose check sends, built from the real dashboard files.
 */
class PanelQueriesTests {

    private static final Map<String, TemplateVariable> TWO_PATIENTS = Map.of("patient",
            new TemplateVariable("patient", true, true, List.of("p-001", "p-002")));

    @Test
    void everyQueryOfBothDashboardsBecomesOneRequest() {
        int requests = 0;
        for (JsonNode dashboard : GrafanaProvisioning.dashboards()) {
            for (DashboardTarget target : DashboardTarget.of(dashboard)) {
                ObjectNode body = PanelQueries.request(dashboard, target, TWO_PATIENTS);
                assertThat(body.path("from").asString()).as(target.name()).isEqualTo("now-15m");
                assertThat(body.path("to").asString()).as(target.name()).isEqualTo("now");
                assertThat(body.path("queries").size()).as(target.name()).isEqualTo(1);
                requests++;
            }
        }
        // Heartbeat Monitoring: the $patient variable and 11 panels; Pipeline health: 15 Prometheus queries
        assertThat(requests).isEqualTo(27);
    }

    @Test
    void sqlGetsTheSelectedPatientsAsLiteralsAndKeepsTheMacrosForTheBackend() {
        JsonNode query = query("Heartbeat Monitoring", "Per-patient statistics", "A");

        assertThat(query.path("rawSql").asString()).contains("ARRAY['p-001','p-002']")
            .contains("$__timeFilter(timestamp)")
            .doesNotContain("$patient");
        assertThat(query.path("format").asString()).isEqualTo("table");
        assertThat(query.at("/datasource/uid").asString()).isEqualTo("heartbeat-postgres");
        assertThat(query.at("/datasource/type").asString()).isEqualTo("grafana-postgresql-datasource");
        assertThat(query.path("intervalMs").asLong()).isEqualTo(1000);
    }

    @Test
    void aPanelsMinimumIntervalIsTheIntervalOfItsQuery() {
        JsonNode query = query("Heartbeat Monitoring", "Live heart rate per patient", "A");

        assertThat(query.path("intervalMs").asLong()).isEqualTo(5000);
        assertThat(query.path("rawSql").asString())
            .contains("floor(date_part('epoch', timestamp) * 1000 / 5000) * 5000 / 1000 AS \"time\"");
        assertThat(query.path("format").asString()).isEqualTo("time_series");
    }

    @Test
    void theVariableQueryNeedsNoVariable() {
        JsonNode dashboard = GrafanaProvisioning.dashboard("heartbeat-monitoring");
        DashboardTarget patients = DashboardTarget.of(dashboard).get(0);

        JsonNode query = PanelQueries.request(dashboard, patients, Map.of()).at("/queries/0");

        assertThat(patients.panel()).isEqualTo("$patient");
        assertThat(query.path("refId").asString()).isEqualTo("A");
        assertThat(query.path("rawSql").asString()).startsWith("SELECT patient_id\nFROM heartbeat_minutes");
    }

    @Test
    void promQlGoesAsItIsForTheBackendToExpandItsIntervals() {
        JsonNode query = query("Pipeline health", "Events produced/s", "B");

        assertThat(query.path("expr").asString())
            .isEqualTo("sum(rate(heartbeat_events_send_failed_total[$__rate_interval]))");
        assertThat(query.path("range").asBoolean()).isTrue();
        assertThat(query.path("instant").asBoolean()).isFalse();
        assertThat(query.at("/datasource/type").asString()).isEqualTo("prometheus");
        assertThat(query.has("rawSql")).isFalse();
    }

    private static JsonNode query(String dashboardTitle, String panel, String refId) {
        for (JsonNode dashboard : GrafanaProvisioning.dashboards()) {
            for (DashboardTarget target : DashboardTarget.of(dashboard)) {
                if (target.dashboard().equals(dashboardTitle) && target.panel().equals(panel)
                        && target.refId().equals(refId)) {
                    return PanelQueries.request(dashboard, target, TWO_PATIENTS).at("/queries/0");
                }
            }
        }
        throw new IllegalArgumentException("No query " + dashboardTitle + " / " + panel + " / " + refId);
    }
}
