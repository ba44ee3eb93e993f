package io.heartbeat.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.heartbeat.local.cli.InvalidOptionException;
import io.heartbeat.local.ports.PortRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RunOptionsTests {

    @Test
    void runsUntilStoppedOnTheDocumentedPortsOfTheLoopbackAddressByDefault() {
        // Not explicit: each moves to a free port when another program has it.
        assertThat(RunOptions.parse(List.of())).isEqualTo(new RunOptions(Optional.empty(), Duration.ofSeconds(5),
                Path.of("data"), PortRequest.byDefault(9092), PortRequest.byDefault(8082), PortRequest.byDefault(8081),
                InetAddress.getLoopbackAddress(), false));
        assertThat(RunOptions.parse(List.of()).httpAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void readsEveryOption() throws Exception {
        RunOptions options = RunOptions.parse(List.of("--duration=2m", "--summary-interval=500ms",
                "--data-dir=/tmp/hb", "--kafka-port=19092", "--consumer-port=0", "--producer-port=18081",
                "--http-address=0.0.0.0"));

        assertThat(options).isEqualTo(new RunOptions(Optional.of(Duration.ofMinutes(2)), Duration.ofMillis(500),
                Path.of("/tmp/hb"), PortRequest.explicit(19092), PortRequest.explicit(0), PortRequest.explicit(18081),
                InetAddress.getByAddress(new byte[4]), false));
    }

    @Test
    void acceptsDurationsInTheUsualShapes() {
        assertThat(RunOptions.parse(List.of("--duration=30s")).duration()).contains(Duration.ofSeconds(30));
        assertThat(RunOptions.parse(List.of("--duration=1h")).duration()).contains(Duration.ofHours(1));
        assertThat(RunOptions.parse(List.of("--duration=PT90S")).duration()).contains(Duration.ofSeconds(90));
        assertThat(RunOptions.parse(List.of("--duration=45")).duration()).contains(Duration.ofSeconds(45));
    }

    @Test
    void asksForHelp() {
        assertThat(RunOptions.parse(List.of("--help")).help()).isTrue();
        assertThat(RunOptions.parse(List.of("-h")).help()).isTrue();
    }

    @Test
    void rejectsAnUnknownOptionInOneLine() {
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--duration=5s", "--speed=fast")))
                .withMessage("unknown option --speed=fast (try --help)");
    }

    @ParameterizedTest
    @CsvSource({ "--kafka-port, 9092", "--consumer-port, 8082", "--producer-port, 8081" })
    void aPortOptionWithoutValueOffersItsOwnDefaultAsExample(String option, int example) {
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of(option)))
                .withMessage(option + " needs a value, e.g. " + option + "=" + example);
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--duration=soon")))
                .withMessage("--duration=soon is not a duration (e.g. 30s, 2m, 1h)");
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--duration=0s")))
                .withMessage("--duration=0s must be longer than zero");
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--duration")))
                .withMessage("--duration needs a value, e.g. --duration=30s");
    }

    @Test
    void rejectsWhatIsNotAPort() {
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--kafka-port=0")))
                .withMessage("--kafka-port=0 is not a port (1-65535)");
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--producer-port=http")))
                .withMessage("--producer-port=http is not a port (0-65535)");
    }

    @Test
    void opensTheHttpPortsOnTheWildcardOrAnAddressOfThisMachine() throws Exception {
        assertThat(RunOptions.parse(List.of("--http-address=::")).httpAddress().isAnyLocalAddress()).isTrue();
        assertThat(RunOptions.parse(List.of("--http-address=::1")).httpAddress())
                .isEqualTo(InetAddress.getByName("::1"));
        assertThat(RunOptions.parse(List.of("--http-address=127.0.0.1")).httpAddress())
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void rejectsWhatIsNotAnAddressOfThisMachine() {
        // Host names are refused without being looked up: resolution could give another address than meant.
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--http-address=localhost")))
                .withMessage("--http-address=localhost is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0 for every"
                        + " address)");
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--http-address=256.1.1.1")))
                .withMessage("--http-address=256.1.1.1 is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0 for every"
                        + " address)");
        // TEST-NET-3 (RFC 5737): documentation only, never a machine's own address.
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--http-address=203.0.113.7")))
                .withMessage("--http-address=203.0.113.7 is not an address of this machine (e.g. 127.0.0.1, ::1,"
                        + " 0.0.0.0 for every address)");
        assertThatExceptionOfType(InvalidOptionException.class)
                .isThrownBy(() -> RunOptions.parse(List.of("--http-address=")))
                .withMessage("--http-address needs a value, e.g. --http-address=127.0.0.1");
    }
}
