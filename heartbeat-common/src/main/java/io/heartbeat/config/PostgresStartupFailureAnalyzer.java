package io.heartbeat.config;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports, as one line naming the settings, why the consumer could not use PostgreSQL at start-up: docs/consumer.md,
 * "Settings". Told apart by SQLState, so any other database failure keeps its full report.
 */
class PostgresStartupFailureAnalyzer extends AbstractFailureAnalyzer<Exception> {

    // SQLStates: connection exception (class 08), invalid authorization, invalid password, no such database.
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private static final String INVALID_AUTHORIZATION = "28000";

    private static final String INVALID_PASSWORD = "28P01";

    private static final String INVALID_CATALOG_NAME = "3D000";

    private static final String EXPLICIT_URL = "spring.datasource.url";

    private final Environment environment;

    PostgresStartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, Exception failure) {
        UnsupportedPostgresException unsupported = findCause(failure, UnsupportedPostgresException.class);
        if (unsupported != null) {
            return new FailureAnalysis("PostgreSQL too old: " + server() + ": " + unsupported.getMessage(),
                    "Point POSTGRES_HOST and POSTGRES_PORT at a newer server, and start again.", unsupported);
        }
        UnexpectedSchemaException unexpected = findCause(failure, UnexpectedSchemaException.class);
        if (unexpected != null) {
            return new FailureAnalysis(unexpected.headline() + ": " + database() + " " + unexpected.getMessage(),
                    "See the README, \"Coming from the original project\".", unexpected);
        }
        SQLException cause = findCause(failure, SQLException.class);
        String state = (cause != null) ? cause.getSQLState() : null;
        if (state == null) {
            return null;
        }
        String reason = reason(cause);
        if (state.startsWith(CONNECTION_EXCEPTION_CLASS)) {
            return new FailureAnalysis("PostgreSQL unreachable: " + server() + ": " + reason,
                    "Start PostgreSQL, or set POSTGRES_HOST and POSTGRES_PORT to where it listens, and start again.",
                    cause);
        }
        if (state.equals(INVALID_PASSWORD) || state.equals(INVALID_AUTHORIZATION)) {
            return new FailureAnalysis("PostgreSQL refused the login: " + login() + ": " + reason,
                    "Set POSTGRES_USER and POSTGRES_PASSWORD to a role the server lets in, and start again.", cause);
        }
        if (state.equals(INVALID_CATALOG_NAME)) {
            return new FailureAnalysis(explicitUrl().map((url) -> "Invalid configuration: " + url + ": " + reason)
                    .orElseGet(() -> InvalidConfigurationFailureAnalyzer.line("POSTGRES_DB", settings().database(),
                            reason)),
                    "Create the database, or set POSTGRES_DB to one that exists, and start again.", cause);
        }
        return null;
    }

    private String server() {
        return explicitUrl().orElseGet(() -> {
            PostgresSettings settings = settings();
            return "POSTGRES_HOST=\"" + settings.host() + "\" POSTGRES_PORT=\"" + settings.port() + "\"";
        });
    }

    private String database() {
        return explicitUrl().orElseGet(() -> "POSTGRES_DB=\"" + settings().database() + "\"");
    }

    private String login() {
        String user = this.environment.getProperty("spring.datasource.username");
        if (explicitUrl().isPresent() && user != null) {
            return "spring.datasource.username=\"" + user + "\"";
        }
        return "POSTGRES_USER=\"" + settings().user() + "\"";
    }

    private Optional<String> explicitUrl() {
        return Optional.ofNullable(this.environment.getProperty(EXPLICIT_URL))
                .map((url) -> EXPLICIT_URL + "=\"" + url + "\"");
    }

    private PostgresSettings settings() {
        return Binder.get(this.environment).bindOrCreate("heartbeat.postgres", PostgresSettings.class);
    }

    // The driver's own first line; an unknown host only says "The connection attempt failed.", so the host is named.
    private String reason(SQLException failure) {
        String message = InvalidConfigurationFailureAnalyzer.firstLine(failure);
        UnknownHostException unknown = findCause(failure, UnknownHostException.class);
        return (unknown != null) ? message + " (unknown host " + unknown.getMessage() + ")" : message;
    }
}
