package io.heartbeat.consumer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The consumer service: reads heartbeats from Kafka and stores every one of them in PostgreSQL. {@code --init-db}
 * applies the Flyway migrations and exits, without consuming; {@code --import-original} does the same after moving
 * the original project's tables aside, and copies their rows in (README, "Coming from the original project").
 */
@SpringBootApplication
public class ConsumerApplication {

    /** Argument of the one-shot mode that migrates the database and exits. */
    public static final String INIT_DB_ARGUMENT = "--init-db";

    /** Option of the one-shot mode that imports the original project's tables, migrates the database and exits. */
    public static final String IMPORT_ORIGINAL_OPTION = "import-original";

    /** Profile of these modes: no web server, no listener, no topic creation (heartbeat-consumer-init-db.yml). */
    public static final String INIT_DB_PROFILE = "init-db";

    private static final Logger logger = LoggerFactory.getLogger(ConsumerApplication.class);

    /** The application, reading {@code heartbeat-consumer.yml} besides any {@code application.yml}. */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(ConsumerApplication.class);
        application.setDefaultProperties(Map.of("spring.config.name", "application,heartbeat-consumer"));
        return application;
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains(INIT_DB_ARGUMENT) || arguments.contains("--" + IMPORT_ORIGINAL_OPTION)) {
            System.exit(initDatabase(args));
        }
        application().run(args);
    }

    /** Starts the application just far enough to migrate PostgreSQL, then closes it; returns the exit code. */
    public static int initDatabase(String... args) {
        SpringApplication application = application();
        application.setAdditionalProfiles(INIT_DB_PROFILE);
        ConfigurableApplicationContext context = application.run(args);
        Flyway flyway = context.getBean(Flyway.class);
        logger.info("PostgreSQL schema is at version {}; exiting without consuming",
                flyway.info().current().getVersion());
        return SpringApplication.exit(context);
    }
}
