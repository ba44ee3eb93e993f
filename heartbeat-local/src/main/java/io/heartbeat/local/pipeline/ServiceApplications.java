package io.heartbeat.local.pipeline;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.local.cli.FailureLine;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.ports.PortRequest;
import io.heartbeat.producer.ProducerApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the consumer and the producer as contexts of this JVM, the endpoints as command-line properties, without
 * shutdown hooks: docs/local-mode.md, "What runs", says why.
 */
public final class ServiceApplications {

    private static final List<String> PRODUCER_EXCLUDED_AUTO_CONFIGURATIONS = List.of(
            DataSourceAutoConfiguration.class.getName(), FlywayAutoConfiguration.class.getName(),
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            // SpringDoc's web configurations (API docs, Swagger UI) are conditional on this one's bean.
            "org.springdoc.core.configuration.SpringDocConfiguration",
            "org.springdoc.webmvc.core.configuration.MultipleOpenApiSupportConfiguration");

    private ServiceApplications() {
    }

    /**
     * The HTTP port of {@code service} ("consumer" or "producer"): a taken {@code --<service>-port} fails in one
     * line, a taken default moves.
     */
    public static PortRequest choosePort(String service, PortRequest requested) {
        return requested.choose(httpServer(service), httpPortRemedy(service));
    }

    /** The port a started service's HTTP server really listens on (the one it picked when given 0). */
    public static int httpPort(ConfigurableApplicationContext service) {
        return ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    /** Starts the consumer with its actuator on the loopback address, port {@code httpPort} (0: any). */
    public static ConfigurableApplicationContext startConsumer(PipelineEndpoints endpoints, int httpPort,
            Map<String, String> extraProperties) {
        return startConsumer(endpoints, loopback(httpPort), extraProperties);
    }

    /** Starts the consumer (which migrates the schema first) with its HTTP server on {@code http} (port 0: any). */
    public static ConfigurableApplicationContext startConsumer(PipelineEndpoints endpoints, InetSocketAddress http,
            Map<String, String> extraProperties) {
        Map<String, String> properties = common(endpoints, http);
        PostgresSettings postgres = endpoints.postgres();
        properties.put("heartbeat.postgres.host", postgres.host());
        properties.put("heartbeat.postgres.port", String.valueOf(postgres.port()));
        properties.put("heartbeat.postgres.database", postgres.database());
        properties.put("heartbeat.postgres.user", postgres.user());
        properties.put("heartbeat.postgres.password", postgres.password());
        properties.put("heartbeat.postgres.pool-size", String.valueOf(postgres.poolSize()));
        properties.put("heartbeat.consumer.group-id", endpoints.groupId());
        properties.putAll(extraProperties);
        return run("consumer", ConsumerApplication.application(), ConsumerApplication.class, http.getPort(),
                properties);
    }

    /** Starts the producer with its actuator on the loopback address, port {@code httpPort} (0: any). */
    public static ConfigurableApplicationContext startProducer(PipelineEndpoints endpoints, int httpPort,
            Map<String, String> extraProperties) {
        return startProducer(endpoints, loopback(httpPort), extraProperties);
    }

    /** Starts the producer with its HTTP server on {@code http} (port 0: any). */
    public static ConfigurableApplicationContext startProducer(PipelineEndpoints endpoints, InetSocketAddress http,
            Map<String, String> extraProperties) {
        Map<String, String> properties = common(endpoints, http);
        // One classpath serves both services here: without this the producer would set up the consumer's database,
        // Spring Security (there for the consumer's alerts API) would lock the producer's actuator, and SpringDoc
        // (there for the alerts API too) would describe the producer's empty API and warn about it at every start.
        properties.put("spring.autoconfigure.exclude", String.join(",", PRODUCER_EXCLUDED_AUTO_CONFIGURATIONS));
        properties.putAll(extraProperties);
        return run("producer", ProducerApplication.application(), ProducerApplication.class, http.getPort(),
                properties);
    }

    private static void requireHttpPortFree(String service, int httpPort) {
        if (httpPort != 0) {
            LocalPorts.requireFree(httpServer(service), httpPort, httpPortRemedy(service));
        }
    }

    private static String httpServer(String service) {
        return "The " + service + "'s HTTP server";
    }

    private static String httpPortRemedy(String service) {
        return "choose another with --" + service + "-port=<port>, or 0 for any free port";
    }

    private static InetSocketAddress loopback(int httpPort) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort);
    }

    private static Map<String, String> common(PipelineEndpoints endpoints, InetSocketAddress http) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", endpoints.bootstrapServers());
        properties.put("heartbeat.kafka.topic", endpoints.topic());
        // On their own the services listen on every address (a container's port is published or not); here they
        // share the developer's machine and its network, so only this machine reaches them unless asked otherwise.
        properties.put("server.address", http.getAddress().getHostAddress());
        properties.put("server.port", String.valueOf(http.getPort()));
        properties.put("spring.main.banner-mode", "off");
        // One JVM, one logging system: it must outlive every context, so no context may stop it on exit.
        properties.put("logging.register-shutdown-hook", "false");
        // ... and one log: a service's name in every line would be the first service's, whoever logs.
        properties.put("logging.include-application-name", "false");
        return properties;
    }

    private static ConfigurableApplicationContext run(String service, SpringApplication application,
            Class<?> applicationClass, int httpPort, Map<String, String> properties) {
        requireHttpPortFree(service, httpPort);
        application.setRegisterShutdownHook(false);
        // Started from the launcher's main, Boot would name the launcher in the service's start-up log lines.
        application.setMainApplicationClass(applicationClass);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        // The failed service's environment, so the line can name its settings as the service's own report does.
        AtomicReference<Environment> failedEnvironment = new AtomicReference<>();
        application.addListeners((ApplicationListener<ApplicationFailedEvent>) (event) -> {
            if (event.getApplicationContext() != null) {
                failedEnvironment.set(event.getApplicationContext().getEnvironment());
            }
        });
        try {
            return application.run(args.toArray(String[]::new));
        }
        catch (RuntimeException ex) {
            // One line; Spring Boot has already logged why in detail, so the failure itself is not kept.
            throw new IllegalStateException("The " + service + " could not start: "
                    + FailureLine.describe(ex, failedEnvironment.get()));
        }
    }
}
