package io.heartbeat.local.cli;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * Turns a failure to start into the one line the user sees, with the same failure analyzers the services use
 * (so a bad setting reads {@code Invalid configuration: POSTGRES_PORT="x": ...} here too).
 */
public final class FailureLine {

    private FailureLine() {
    }

    /**
     * The failure analyzers' description when one recognises the failure (e.g. a bad setting), otherwise the
     * failure's message followed by its root cause's.
     */
    public static String describe(Throwable failure) {
        return describe(failure, null);
    }

    /**
     * As {@link #describe(Throwable)}, with also the analyzers that name settings from {@code environment}: that of
     * a service whose start failed (e.g. {@code PostgreSQL unreachable: POSTGRES_HOST="…" …}).
     */
    public static String describe(Throwable failure, @Nullable Environment environment) {
        for (FailureAnalyzer analyzer : analyzers(environment)) {
            FailureAnalysis analysis = analyze(analyzer, failure);
            if (analysis != null && analysis.getDescription() != null) {
                return firstLine(analysis.getDescription());
            }
        }
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        String message = message(failure);
        return (root == failure) ? message : message + ": " + message(root);
    }

    // Analyzers that need a bean factory, or an environment when there is none, cannot be built here; not needed.
    private static List<FailureAnalyzer> analyzers(@Nullable Environment environment) {
        ArgumentResolver arguments = (environment != null) ? ArgumentResolver.of(Environment.class, environment)
                : null;
        return SpringFactoriesLoader.forDefaultResourceLocation(FailureLine.class.getClassLoader())
                .load(FailureAnalyzer.class, arguments, (factoryType, implementationName, failure) -> {
                });
    }

    private static FailureAnalysis analyze(FailureAnalyzer analyzer, Throwable failure) {
        try {
            return analyzer.analyze(failure);
        }
        catch (RuntimeException ex) {
            // Some of Boot's analyzers expect an environment they only get inside an application; skip them.
            return null;
        }
    }

    private static String message(Throwable failure) {
        return (failure.getMessage() != null) ? firstLine(failure.getMessage()) : failure.getClass().getSimpleName();
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse(text);
    }
}
