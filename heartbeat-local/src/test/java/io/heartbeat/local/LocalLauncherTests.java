package io.heartbeat.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLauncherTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void exitsWithTwoAndOneLineOnAnUnknownOption() {
        assertThat(run("--duration=30s", "--turbo")).isEqualTo(2);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: unknown option --turbo (try --help)\n");
        assertThat(text(this.out)).isEmpty();
    }

    @Test
    void exitsWithTwoAndOneLineOnAnHttpAddressThatIsNotAnIpAddress() {
        assertThat(run("--http-address=myhost")).isEqualTo(2);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: --http-address=myhost is not an IP address (e.g."
                + " 127.0.0.1, ::1, 0.0.0.0 for every address)\n");
        assertThat(text(this.out)).isEmpty();
    }

    @Test
    void exitsWithTwoAndOneLineOnAnUnknownCommand() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(text(this.err)).isEqualTo("heartbeat-local: unknown command launch (commands: run)\n");
    }

    @Test
    void printsUsageForHelpWithOrWithoutTheCommandName() {
        assertThat(run("--help")).isZero();
        assertThat(run("run", "--help")).isZero();
        assertThat(text(this.out)).isEqualTo(RunOptions.USAGE + "\n" + RunOptions.USAGE + "\n");
        assertThat(text(this.err)).isEmpty();
    }

    private int run(String... args) {
        return LocalLauncher.run(args, Map.of(), new PrintStream(this.out, true, StandardCharsets.UTF_8),
                new PrintStream(this.err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
