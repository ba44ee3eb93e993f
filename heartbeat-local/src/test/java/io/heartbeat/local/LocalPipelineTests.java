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
                .isEqualTo("PGPASSWORD=heartbeat_pass psql -h localhost -p 5432 -U heartbeat_user -d heartbeat_db");
    }

    @Test
    void theReadmeQuotesTheLineAsPrinted() throws IOException {
        assertThat(Files.readString(ProjectFiles.resolve("README.md")))
                .contains("\n" + LocalPipeline.psqlCommand(DEFAULTS, false) + " -f db/queries.sql\n");
    }

    @Test
    void refersToAPasswordFromTheEnvironmentInsteadOfPrintingIt() {
        PostgresSettings postgres = new PostgresSettings("localhost", 15432, "pulse", "pulse_user", "s3cret", 10);

        assertThat(LocalPipeline.psqlCommand(postgres, true))
                .isEqualTo("PGPASSWORD=\"$POSTGRES_PASSWORD\" psql -h localhost -p 15432 -U pulse_user -d pulse");
    }

    @Test
    void quotesWhatTheShellWouldSplitOrExpand() {
        PostgresSettings postgres = new PostgresSettings("localhost", 5432, "my db", "o'brien", "p$ss word", 10);

        assertThat(LocalPipeline.psqlCommand(postgres, false))
                .isEqualTo("PGPASSWORD='p$ss word' psql -h localhost -p 5432 -U 'o'\\''brien' -d 'my db'");
    }
}
