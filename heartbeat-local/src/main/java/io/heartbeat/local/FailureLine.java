package io.heartbeat.local;

import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Turns a failure to start into the one line the user sees, with the same failure analyzers the services use
 * (so a bad setting reads {@code Invalid configuration: POSTGRES_PORT="x": ...} here too).
 */
final class FailureLine {

    private static final List<FailureAnalyzer> analyzers = SpringFactoriesLoader
            .forDefaultResourceLocation(FailureLine.class.getClassLoader())
            // Analyzers that need a bean factory or an environment cannot be built here; they are not needed.
            .load(FailureAnalyzer.class, null, (factoryType, implementationName, failure) -> {
            });

    private FailureLine() {
    }

    static String describe(Throwable failure) {
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null && analysis.getDescription() != null) {
                return firstLine(analysis.getDescription());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof LocalPorts.PortInUseException)) {
            root = root.getCause();
        }
        return firstLine((root.getMessage() != null) ? root.getMessage() : root.toString());
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse(text);
    }
}
