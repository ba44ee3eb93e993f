package io.heartbeat.dashboards;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compose check reads from docker-compose.yml without starting it.
 */
class ComposeStackTests {

    @Test
    void imageTagsAreReadFromTheComposeFile() {
        // the version Grafana's /api/health must report
        assertThat(ComposeStack.imageTag("grafana")).isEqualTo("12.1.1");
        assertThat(ComposeStack.imageTag("prometheus")).isEqualTo("v3.5.0");
    }
}
