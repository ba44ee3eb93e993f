package io.heartbeat.consumer.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's {@code group.instance.id} (docs/consumer.md#group-membership): CONSUMER_INSTANCE_ID, else
 * {@code <host name>-<HTTP port>}, unique among running instances since two processes cannot listen on one host's
 * port; with a random HTTP port (0), which is not stable across restarts, none.
 */
final class GroupInstanceId {

    private static final Logger logger = LoggerFactory.getLogger(GroupInstanceId.class);

    // What Kafka accepts in group.instance.id; anything else in a host name becomes a dash.
    private static final String ILLEGAL_CHARACTERS = "[^a-zA-Z0-9._-]";

    private static final int MAX_HOST_NAME = 150;

    private GroupInstanceId() {
    }

    /** The instance id for {@code settings} on this host, listening on {@code httpPort}. */
    static Optional<String> resolve(ConsumerSettings settings, int httpPort) {
        return resolve(settings.instanceId(), hostName(), httpPort);
    }

    static Optional<String> resolve(String configured, String hostName, int httpPort) {
        if (configured != null) {
            return Optional.of(configured);
        }
        if (httpPort <= 0 || hostName == null || hostName.isBlank()) {
            return Optional.empty();
        }
        String host = hostName.replaceAll(ILLEGAL_CHARACTERS, "-");
        return Optional.of(host.substring(0, Math.min(host.length(), MAX_HOST_NAME)) + "-" + httpPort);
    }

    // Docker and Kubernetes set HOSTNAME to the container's or pod's name; a plain host may not export it.
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            logger.warn("No host name ({}): without CONSUMER_INSTANCE_ID this consumer joins as a dynamic member, "
                    + "and a restart after a crash waits for the session timeout", ex.getMessage());
            return null;
        }
    }
}
