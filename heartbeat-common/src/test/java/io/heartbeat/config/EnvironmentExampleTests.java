package io.heartbeat.config;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

    /**
     * Every line as compose reads a .env file (compose-go, dotenv/parser.go): blank, a comment (its first non-space
     * character {@code #}, to the end of the line), or {@code NAME=value} with a name of letters, digits, {@code _}
     * and {@code .}. An unquoted value ends at a {@code #}, so none holds one; none is quoted either.
     */
    @Test
    void composeReadsEveryLineAsACommentOrAnAssignment() throws IOException {
        Pattern assignment = Pattern.compile("[A-Za-z0-9_.]+=[^#'\"\\s]*");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ProjectFiles.resolve(".env.example"))) {
            String statement = line.strip();
            if (statement.isEmpty() || statement.startsWith("#")) {
                continue;
            }
            assertThat(statement).as("a line compose reads as an assignment").matches(assignment);
            values.put(statement.substring(0, statement.indexOf('=')), statement.substring(statement.indexOf('=') + 1));
        }
        assertThat(values).containsEntry("POSTGRES_MAX_LOCKS_PER_TRANSACTION", "1024")
            .containsEntry("RETENTION_DAYS", "");
    }
    @Test
    void readmeDocumentsEveryVariable() throws IOException {
        String readme = Files.readString(ProjectFiles.resolve("README.md"));

        for (EnvironmentVariables.Variable variable : EnvironmentVariables.ALL) {
            assertThat(readme).as(variable.name()).contains("| `" + variable.name() + "` |");
        }
    }
}
