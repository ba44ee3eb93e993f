package io.heartbeat.local.cli;

import java.util.Map;
import java.util.Optional;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import io.heartbeat.config.EnvironmentVariables;
import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.config.PostgresSettings;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.local.ports.PortRequest;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The environment variables (passed in, so tests can give their own) read through the services' own mapping and
 * settings records, so both agree on names, defaults and checks.
 */
public final class LocalEnvironment {

    private final Map<String, String> variables;

    private final ConfigurableEnvironment environment;

    public LocalEnvironment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
        this.environment = new StandardEnvironment();
        this.environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.copyOf(variables)));
        new EnvironmentVariables().postProcessEnvironment(this.environment, null);
    }

    /** The Spring view of these variables, for a setting this class has no method for. */
    public ConfigurableEnvironment springEnvironment() {
        return this.environment;
    }

    /**
     * Sets up logging ({@code LOG_DIR} from these variables) before the servers start, as no Spring application has
     * yet; the services' contexts find it initialised.
     */
    public void initializeLogging() {
        LoggingSystem loggingSystem = LoggingSystem.get(LocalEnvironment.class.getClassLoader());
        loggingSystem.beforeInitialize();
        loggingSystem.initialize(new LoggingInitializationContext(this.environment), null, null);
    }

    /** PostgreSQL as POSTGRES_* describe it; a bad value fails binding like it does in the services. */
    public PostgresSettings postgres() {
        return bind("heartbeat.postgres", PostgresSettings.class);
    }

    /** The embedded PostgreSQL's port: POSTGRES_PORT's when set (then it is kept), else the default (it may move). */
    public PortRequest postgresPort() {
        int port = postgres().port();
        return isSet("POSTGRES_PORT") ? PortRequest.explicit(port) : PortRequest.byDefault(port);
    }

    /** Whether POSTGRES_HOST names a server to use instead of embedding one. */
    public boolean externalPostgres() {
        return isSet("POSTGRES_HOST");
    }

    /** Whether POSTGRES_PASSWORD is set, so the password is the user's own and is not to be printed. */
    public boolean passwordFromEnvironment() {
        return this.variables.containsKey("POSTGRES_PASSWORD");
    }

    /** The broker KAFKA_BROKER names, to use instead of embedding one. */
    public Optional<String> externalKafka() {
        return isSet("KAFKA_BROKER") ? Optional.of(this.variables.get("KAFKA_BROKER")) : Optional.empty();
    }

    /** The topic both services use (KAFKA_TOPIC). */
    public String topic() {
        return bind("heartbeat.kafka", KafkaTopicSettings.class).topic();
    }

    /** The consumer's settings as CONSUMER_* give them, with its defaults: what a consumer started with them reads. */
    public ConsumerSettings consumer() {
        return bind("heartbeat.consumer", ConsumerSettings.class);
    }

    // Through the services' own settings records: their defaults and checks, not a copy of them.
    private <T> T bind(String prefix, Class<T> settings) {
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            var handler = new ValidationBindHandler(new SpringValidatorAdapter(validation.getValidator()));
            return Binder.get(this.environment).bindOrCreate(prefix, Bindable.of(settings), handler);
        }
    }

    private boolean isSet(String variable) {
        String value = this.variables.get(variable);
        return value != null && !value.isBlank();
    }
}
