package io.heartbeat.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ValidationStatusTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "valid, VALID", "invalid_physiological, INVALID_PHYSIOLOGICAL", "invalid_system, INVALID_SYSTEM",
            "corrupted, CORRUPTED" })
    void eachStoredValueNamesItsStatus(String dbValue, ValidationStatus status) {
        assertThat(ValidationStatus.of(dbValue)).isEqualTo(status);
        assertThat(status.dbValue()).isEqualTo(dbValue);
    }

    @Test
    void aValueNoStatusIsStoredAsIsRefusedWithIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> ValidationStatus.of("VALID"))
            .withMessage("Unknown validation_status 'VALID'");
    }
}
