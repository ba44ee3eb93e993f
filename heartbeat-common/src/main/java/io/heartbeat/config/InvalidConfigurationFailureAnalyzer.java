package io.heartbeat.config;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a setting that failed to bind or validate as one line naming the environment variable it came from,
 * e.g. {@code Invalid configuration: CUSTOMER_COUNT="0": must be greater than or equal to 1}.
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        return new FailureAnalysis(describe(cause), "Fix the named setting and start again.", cause);
    }

    private String describe(BindException failure) {
        if (failure.getCause() instanceof BindValidationException validation) {
            ObjectError error = validation.getValidationErrors().getAllErrors().get(0);
            String name = (error instanceof FieldError field)
                    ? failure.getName() + "." + DataObjectPropertyName.toDashedForm(field.getField())
                    : failure.getName().toString();
            Object value = (error instanceof FieldError field) ? field.getRejectedValue() : null;
            return line(settingName(name, Origin.from(error)), value, error.getDefaultMessage());
        }
        ConfigurationProperty property = failure.getProperty();
        String name = (property != null) ? property.getName().toString() : failure.getName().toString();
        Object value = (property != null) ? property.getValue() : null;
        return line(settingName(name, failure.getOrigin()), value, reason(failure));
    }

    static String line(String setting, @Nullable Object value, String reason) {
        String shownValue = (value != null) ? "=\"" + value + "\"" : "";
        return "Invalid configuration: " + setting + shownValue + ": " + reason;
    }

    private static String settingName(String property, Origin origin) {
        for (Origin current = origin; current != null; current = current.getParent()) {
            if (current instanceof SystemEnvironmentOrigin environment) {
                return environment.getProperty();
            }
            if (current instanceof PropertySourceOrigin source && source.getOrigin() != current) {
                return settingName(property, source.getOrigin());
            }
        }
        return EnvironmentVariables.ALL.stream()
                .filter((variable) -> variable.property().equals(property))
                .map(EnvironmentVariables.Variable::name)
                .findFirst().orElse(property);
    }

    private String reason(BindException failure) {
        if (findCause(failure, ConversionFailedException.class) != null) {
            return "not a valid " + failure.getTarget().getType().resolve(Object.class).getSimpleName();
        }
        return rootMessage(failure);
    }

    static String rootMessage(Throwable failure) {
        return firstLine(NestedExceptionUtils.getMostSpecificCause(failure));
    }

    /** The first line of {@code failure}'s message, or the failure itself when it has none. */
    static String firstLine(Throwable failure) {
        return (failure.getMessage() != null) ? failure.getMessage().lines().findFirst().orElse("")
                : failure.toString();
    }
}
