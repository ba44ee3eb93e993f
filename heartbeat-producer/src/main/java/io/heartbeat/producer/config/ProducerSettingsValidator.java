package io.heartbeat.producer.config;

import io.heartbeat.config.HeartRateSettings;
import io.heartbeat.producer.generator.GeneratorSettings;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks the anomaly bands of {@link ProducerSettings} against the heart-rate limits, which bind under another
 * prefix, so a mismatch stops start-up with one line naming both variables, like any other bad setting.
 */
class ProducerSettingsValidator implements Validator {

    private final Environment environment;

    ProducerSettingsValidator(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean supports(Class<?> type) {
        return ProducerSettings.class == type;
    }

    @Override
    public void validate(Object target, Errors errors) {
        HeartRateSettings limits;
        try {
            limits = Binder.get(this.environment).bindOrCreate("heartbeat.limits", HeartRateSettings.class);
        }
        catch (RuntimeException ex) {
            return; // Bad limits: their own binding reports them.
        }
        try {
            ProducerSettings settings = (ProducerSettings) target;
            GeneratorSettings.requireBandsOutside(limits.toLimits(), settings.invalidMin(), settings.invalidMax());
        }
        catch (IllegalArgumentException ex) {
            errors.reject("inconsistentWithLimits", ex.getMessage());
        }
    }
}
