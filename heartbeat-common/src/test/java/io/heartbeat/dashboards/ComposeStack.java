package io.heartbeat.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.ProjectFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.CommandLine;

/**
 * The repository's docker-compose.yml brought up as users bring it up ({@code docker compose up --build}, through
 * Testcontainers' local compose mode), on free host ports chosen through the {@code *_HOST_PORT} variables so it
 * runs beside a stack that already holds the defaults. Its own project name and volumes, removed at the end.
 */
final class ComposeStack implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ComposeStack.class);

    static final String ADMIN_USER = "admin";

    static final String ADMIN_PASSWORD = "compose-check";

    private static final List<String> PORT_VARIABLES = List.of("KAFKA_HOST_PORT", "POSTGRES_HOST_PORT",
            "CONSUMER_HOST_PORT", "PRODUCER_HOST_PORT", "PROMETHEUS_HOST_PORT", "GRAFANA_HOST_PORT");

    /** After the images are built and compose has started everything: the last healthchecks to pass. */
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(5);

    private final ComposeContainer compose;

    private final Map<String, Integer> ports;

    private final String host;

    private ComposeStack(ComposeContainer compose, Map<String, Integer> ports, String host) {
        this.compose = compose;
        this.ports = ports;
        this.host = host;
    }

    /** Builds the images, starts every service and waits until each healthcheck passes. */
    static ComposeStack start() {
        requireDockerAndCompose();
        Map<String, Integer> ports = freePorts();
        Map<String, String> environment = new LinkedHashMap<>();
        ports.forEach((variable, port) -> environment.put(variable, Integer.toString(port)));
        // set here, so a user's .env with another login does not lock the check out
        environment.put("GF_SECURITY_ADMIN_USER", ADMIN_USER);
        environment.put("GF_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        logger.info("Starting the compose stack on host ports {}; the first run builds both images", ports);

        ComposeContainer compose = new ComposeContainer(ProjectFiles.resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withEnv(environment)
            .withStartupTimeout(HEALTHY_WITHIN)
            .withLogConsumer("grafana", new Slf4jLogConsumer(logger).withPrefix("grafana"));
        for (String service : List.of("kafka", "postgres", "consumer", "producer", "prometheus", "grafana")) {
            compose.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(HEALTHY_WITHIN));
        }
        compose.start();
        return new ComposeStack(compose, ports, DockerClientFactory.instance().dockerHostIpAddress());
    }

    /** Fails with one line when this machine cannot run the stack: no check is better than a skipped one. */
    private static void requireDockerAndCompose() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("The compose check needs a Docker engine and none answered (Testcontainers"
                    + " tried DOCKER_HOST, the local socket and ~/.testcontainers.properties); it cannot run here.");
        }
        if (!CommandLine.executableExists(ComposeContainer.COMPOSE_EXECUTABLE)) {
            throw new IllegalStateException("The compose check runs `docker compose` and no `"
                    + ComposeContainer.COMPOSE_EXECUTABLE + "` executable is on the PATH.");
        }
    }

    /** One free port per variable, all held open together so no two are the same. */
    private static Map<String, Integer> freePorts() {
        List<ServerSocket> sockets = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try {
            for (String variable : PORT_VARIABLES) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports.put(variable, socket.getLocalPort());
            }
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return ports;
    }

    /** The tag of a service's image in docker-compose.yml ({@code 12.1.1} of {@code grafana/grafana:12.1.1}). */
    @SuppressWarnings("unchecked")
    static String imageTag(String service) {
        Map<String, Object> compose = GrafanaProvisioning.yaml(ProjectFiles.resolve("docker-compose.yml"));
        String image = (String) ((Map<String, Map<String, Object>>) compose.get("services")).get(service).get("image");
        return image.substring(image.lastIndexOf(':') + 1);
    }

    HttpJson grafana() {
        return HttpJson.withBasicAuth(url("GRAFANA_HOST_PORT"), ADMIN_USER, ADMIN_PASSWORD);
    }

    HttpJson prometheus() {
        return HttpJson.of(url("PROMETHEUS_HOST_PORT"));
    }

    private String url(String portVariable) {
        return "http://" + this.host + ":" + this.ports.get(portVariable);
    }

    /** Stops every container and removes the stack's volumes ({@code docker compose down -v}). */
    @Override
    public void close() {
        this.compose.stop();
    }
}
