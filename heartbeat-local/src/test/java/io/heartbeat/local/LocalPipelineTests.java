package io.heartbeat.local;

import java.io.IOException;
import java.nio.file.Files;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPipelineTests {

    private static final PostgresSettings DEFAULTS = new PostgresSettings("localhost", 5432, "heartbeat_db",
            "heartbeat_user", "heartbeat_pass", 10);

    @Test
    void showsTheDefaultPasswordSoTheLineWorksAsPasted() {
        assertThat(LocalPipeline.psqlCommand(DEFAULTS, false))
                .isEqualTo("psql \"postgresql://heartbeat_user:heartbeat_pass@localhost:5432/heartbeat_db\"");
    }

    @Test
    void theReadmeQuotesTheLineAsPrinted() throws IOException {
        assertThat(Files.readString(ProjectFiles.resolve("README.md")))
                .contains("\n" + LocalPipeline.psqlCommand(DEFAULTS, false) + " -f db/queries.sql\n");
    }

    @Test
    void leavesOutAPasswordFromTheEnvironment() {
        PostgresSettings postgres = new PostgresSettings("localhost", 15432, "pulse", "pulse_user", "s3cret", 10);

        assertThat(LocalPipeline.psqlCommand(postgres, true))
                .isEqualTo("psql \"postgresql://pulse_user@localhost:15432/pulse\"");
    }

    @Test
    void encodesWhatAnyShellWouldSplitOrExpand() {
        PostgresSettings postgres = new PostgresSettings("localhost", 5432, "my db", "o'brien", "p$ss word!\"`&^%x:@/",
                10);

        assertThat(LocalPipeline.psqlCommand(postgres, false)).isEqualTo(
                "psql \"postgresql://o%27brien:p%24ss%20word%21%22%60%26%5E%25x%3A%40%2F@localhost:5432/my%20db\"");
    }

    @Test
    void bracketsAnIpv6Host() {
        PostgresSettings postgres = new PostgresSettings("::1", 5432, "heartbeat_db", "heartbeat_user", "pw", 10);

        assertThat(LocalPipeline.psqlCommand(postgres, true))
                .isEqualTo("psql \"postgresql://heartbeat_user@[::1]:5432/heartbeat_db\"");
    }
}
