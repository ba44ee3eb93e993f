package io.heartbeat.dashboards;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every file under {@code grafana/} passes the validation Grafana applies when it loads provisioning
 * ({@link GrafanaProvisioningChecker}); the tests of {@link AlertRuleChecksTests}, {@link NotificationChecksTests}
 * and {@link DashboardChecksTests} show the checker refuses what Grafana refuses.
 */
class GrafanaProvisioningRulesTests {

    private static final String DEFAULT_WEBHOOK = "http://alert-webhook.invalid/heartbeat-alerts";

    @Test
    void grafanaWouldLoadEveryFileOfThisCheckout() {
        assertThat(GrafanaProvisioningChecker.check(GrafanaFiles.load())).isEmpty();
    }

    @Test
    void theCheckerReadsEveryFileUnderGrafana() {
        assertThat(GrafanaFiles.load().paths()).containsExactlyElementsOf(GrafanaFiles.allFilesOnDisk())
            .containsExactly("dashboards/heartbeat-monitoring.json", "dashboards/pipeline-health.json",
                    "provisioning/alerting/contact-points.yml", "provisioning/alerting/notification-policies.yml",
                    "provisioning/alerting/rules.yml", "provisioning/dashboards/dashboards.yml",
                    "provisioning/datasources/datasources.yml");
    }

    @Test
    void everyRuleGroupIsEvaluatedOnTheSchedulersTick() {
        assertThat(AlertRule.provisioned()).extracting((rule) -> rule.interval().toSeconds())
            .containsOnly(AlertRuleChecks.BASE_INTERVAL_SECONDS);
    }

    @Test
    void theEnvironmentIsComposesDefaultsForGrafana() {
        assertThat(GrafanaFiles.load().environment())
            .containsEntry("POSTGRES_DB", "heartbeat_db")
            .containsEntry("ALERT_WEBHOOK_URL", DEFAULT_WEBHOOK);
    }

    @Test
    void theDefaultContactPointGoesNowhere() throws IOException {
        GrafanaFiles files = GrafanaFiles.load();
        String url = new ProvisionedValues(files.environment())
            .text(ProvisionedValues.map(ProvisioningVariants.webhook(files), "settings"), "url");

        assertThat(url).isEqualTo(DEFAULT_WEBHOOK);
        // RFC 6761: .invalid never resolves; inside the container localhost would be Grafana itself
        assertThat(URI.create(url).getHost()).endsWith(".invalid");
        assertThat(Files.readAllLines(ProjectFiles.resolve(".env.example")))
            .contains("ALERT_WEBHOOK_URL=" + DEFAULT_WEBHOOK);
    }

    @Test
    void valuesAreInterpolatedAsGrafanaDoes() {
        ProvisionedValues values = new ProvisionedValues(Map.of("NAME", "x"));

        assertThat(values.interpolate("a ${NAME} $NAME $__env{NAME} ${UNSET}. $$NAME")).isEqualTo("a x x x . $NAME");
    }

    @Test
    void durationsAreParsedAndPrintedAsGrafanaDoes() {
        assertThat(GoDurations.parse("1h30m")).hasMinutes(90);
        assertThat(GoDurations.parse("0")).isZero();
        assertThat(GoDurations.format(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(GoDurations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
        for (String invalid : new String[] { "-1m", "1.5m", "15", "1s1m", "" }) {
            assertThatIllegalArgumentException()
                .isThrownBy(() -> GoDurations.parse(invalid))
                .withMessage(invalid.isEmpty() ? "empty duration string"
                        : "not a valid duration string: \"" + invalid + "\"");
        }
    }
}
