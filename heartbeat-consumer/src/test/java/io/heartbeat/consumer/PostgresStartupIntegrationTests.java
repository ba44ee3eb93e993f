package io.heartbeat.consumer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A PostgreSQL the POSTGRES_* settings cannot reach or log in to stops start-up with one line naming them, against
 * the real test server (whose client authentication trusts every password, so a wrong password is left to
 * {@code PostgresStartupFailureAnalyzerTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresStartupIntegrationTests {

    private final TestPostgres.Database database = TestPostgres.freshDatabase();

    @Test
    void aPortWhereNoServerListensStopsStartUp(CapturedOutput output) throws IOException {
        int port = closedPort();

        assertThatException().isThrownBy(() -> ConsumerStartup.startAsGiven("--POSTGRES_HOST=localhost",
                "--POSTGRES_PORT=" + port));

        assertThat(output).contains("PostgreSQL unreachable: POSTGRES_HOST=\"localhost\" POSTGRES_PORT=\"" + port
                + "\": Connection to localhost:" + port + " refused. Check that the hostname and port are correct"
                + " and that the postmaster is accepting TCP/IP connections.\n");
    }

    @Test
    void aRoleTheServerDoesNotKnowStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> startOnTheTestServer("--POSTGRES_DB=" + this.database.name(),
                "--POSTGRES_USER=no_such_role", "--POSTGRES_PASSWORD=irrelevant"));

        assertThat(output).contains("PostgreSQL refused the login: POSTGRES_USER=\"no_such_role\": "
                + "FATAL: role \"no_such_role\" does not exist\n");
    }

    @Test
    void aDatabaseThatDoesNotExistStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> startOnTheTestServer("--POSTGRES_DB=no_such_db",
                "--POSTGRES_USER=" + this.database.user(), "--POSTGRES_PASSWORD=" + this.database.password()));

        assertThat(output).contains("Invalid configuration: POSTGRES_DB=\"no_such_db\": "
                + "FATAL: database \"no_such_db\" does not exist\n");
    }

    // The consumer, pointed by POSTGRES_HOST and POSTGRES_PORT at the test server, with the given other settings.
    private void startOnTheTestServer(String... settings) {
        List<String> args = new ArrayList<>(List.of("--POSTGRES_HOST=" + this.database.host(),
                "--POSTGRES_PORT=" + this.database.port()));
        args.addAll(List.of(settings));
        ConsumerStartup.startAsGiven(args.toArray(String[]::new));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
