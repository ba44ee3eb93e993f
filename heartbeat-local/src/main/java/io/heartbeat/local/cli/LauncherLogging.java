package io.heartbeat.local.cli;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sets up logging (the shared logback-spring.xml) before the embedded servers start, since no Spring application
 * has started yet to do it; the services' contexts find it already initialised.
 */
public final class LauncherLogging {

    private LauncherLogging() {
    }

    public static void initialize(ConfigurableEnvironment environment) {
        LoggingSystem loggingSystem = LoggingSystem.get(LauncherLogging.class.getClassLoader());
        loggingSystem.beforeInitialize();
        loggingSystem.initialize(new LoggingInitializationContext(environment), null, null);
    }
}
