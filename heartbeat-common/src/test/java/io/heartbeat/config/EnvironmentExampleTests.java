package io.heartbeat.config;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps .env.example and the README's configuration table in step with the variables the services read.
 */
class EnvironmentExampleTests {

    @Test
    void envExampleListsEveryVariable() throws IOException {
        List<String> assigned = Files.readAllLines(ProjectFiles.resolve(".env.example")).stream()
            .filter((line) -> !line.startsWith("#") && line.contains("="))
            .map((line) -> line.substring(0, line.indexOf('=')))
            .toList();

        assertThat(assigned).doesNotHaveDuplicates()
            .containsAll(EnvironmentVariables.ALL.stream().map(EnvironmentVariables.Variable::name).toList())
            .contains("GF_SECURITY_ADMIN_USER", "GF_SECURITY_ADMIN_PASSWORD", "ALERT_WEBHOOK_URL");
    }

    @Test
    void readmeDocumentsEveryVariable() throws IOException {
        String readme = Files.readString(ProjectFiles.resolve("README.md"));

        for (EnvironmentVariables.Variable variable : EnvironmentVariables.ALL) {
            assertThat(readme).as(variable.name()).contains("| `" + variable.name() + "` |");
        }
    }
}
