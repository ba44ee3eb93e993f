package io.heartbeat.local;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.heartbeat.local.cli.InvalidOptionException;
import io.heartbeat.local.cli.OptionValues;
import io.heartbeat.local.ports.PortRequest;

/**
 * The options of the launcher's {@code run} command ({@code --name=value}, docs/local-mode.md, "Options" and
 * "Ports"); parsing fails with an {@link InvalidOptionException} whose message is the one line the user sees.
 */
public record RunOptions(Optional<Duration> duration, Duration summaryInterval, Path dataDir, PortRequest kafkaPort,
        PortRequest consumerPort, PortRequest producerPort, InetAddress httpAddress, boolean help) {

    static final String USAGE = """
            Usage: java -jar heartbeat-local.jar [run] [options]
              --duration=<30s|2m|1h>      stop after this long, print a final summary, exit 0 (default: until Ctrl+C)
              --summary-interval=<5s>     how often to print the summary line
              --data-dir=<data>           where the embedded Kafka and PostgreSQL keep their data
              --kafka-port=<9092>         the embedded Kafka broker's port (PostgreSQL's is POSTGRES_PORT)
              --consumer-port=<8082>      the consumer's HTTP port for /actuator (0: any free port)
              --producer-port=<8081>      the producer's HTTP port for /actuator (0: any free port)
              --http-address=<127.0.0.1>  where both HTTP ports listen (0.0.0.0: every address; default loopback only)
              --help                      this text
            A default port that another program uses moves to a free one (a start-up line says where);
            a port you set (option or POSTGRES_PORT) stops the run when it is taken.
            Environment: see docs/local-mode.md (POSTGRES_*, KAFKA_BROKER, CUSTOMER_COUNT, ...).""";

    private static final String DURATIONS = "30s, 2m, 1h";

    public static RunOptions parse(List<String> args) {
        Optional<Duration> duration = Optional.empty();
        Duration summaryInterval = Duration.ofSeconds(5);
        Path dataDir = Path.of("data");
        PortRequest kafkaPort = PortRequest.byDefault(9092);
        PortRequest consumerPort = PortRequest.byDefault(8082);
        PortRequest producerPort = PortRequest.byDefault(8081);
        // What Java's own clients reach as "localhost": 127.0.0.1, or ::1 when IPv6 addresses are preferred.
        InetAddress httpAddress = InetAddress.getLoopbackAddress();
        boolean help = false;
        for (String arg : args) {
            OptionValues option = OptionValues.of(arg);
            switch (option.name()) {
                case "--help", "-h" -> help = true;
                case "--duration" -> duration = Optional.of(option.positiveDuration(DURATIONS));
                case "--summary-interval" -> summaryInterval = option.positiveDuration(DURATIONS);
                case "--data-dir" -> dataDir = Path.of(option.required("data"));
                case "--kafka-port" -> kafkaPort = port(option, 1, "9092");
                case "--consumer-port" -> consumerPort = port(option, 0, "8082");
                case "--producer-port" -> producerPort = port(option, 0, "8081");
                case "--http-address" -> httpAddress = option.localAddress("127.0.0.1, ::1, 0.0.0.0 for every address");
                default -> throw new InvalidOptionException("unknown option " + arg + " (try --help)");
            }
        }
        return new RunOptions(duration, summaryInterval, dataDir, kafkaPort, consumerPort, producerPort, httpAddress,
                help);
    }

    private static PortRequest port(OptionValues option, int lowest, String example) {
        String text = option.required(example);
        try {
            int port = Integer.parseInt(text);
            if (port >= lowest && port <= 65535) {
                return PortRequest.explicit(port);
            }
        }
        catch (NumberFormatException ex) {
            // reported below
        }
        throw new InvalidOptionException(option.name() + "=" + text + " is not a port (" + lowest + "-65535)");
    }
}
