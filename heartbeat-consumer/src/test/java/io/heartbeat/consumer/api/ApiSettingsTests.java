package io.heartbeat.consumer.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiSettingsTests {

    @Test
    void blankValuesMeanNoneAndNoneMeansOff() {
        ApiSettings settings = new ApiSettings(" ", "", null);

        assertThat(settings.enabled()).isFalse();
        assertThat(settings.token()).isNull();
        assertThat(settings.user()).isNull();
    }

    @Test
    void aTokenOrAUserTurnsTheApiOn() {
        assertThat(new ApiSettings("0123456789abcdef", null, null).enabled()).isTrue();
        assertThat(new ApiSettings(null, "nurse.jane", "12345678").enabled()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "0123456789abcde | none       | none     | ALERTS_API_TOKEN must be at least 16 characters long",
            "none            | nurse.jane | none     | ALERTS_API_USER and ALERTS_API_PASSWORD must be set together",
            "none            | none       | 12345678 | ALERTS_API_USER and ALERTS_API_PASSWORD must be set together",
            "none            | nurse jane | 12345678 | ALERTS_API_USER must be 1 to 100 letters, digits or ._@-",
            "none            | nurse.jane | 1234567  | ALERTS_API_PASSWORD must be at least 8 characters long" })
    void refusesWeakOrHalfConfiguredCredentialsWithoutShowingThem(String token, String user, String password,
            String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiSettings(token, user, password))
            .withMessage(message);
    }

    @Test
    void neverShowsTheSecrets() {
        String shown = new ApiSettings("0123456789abcdef-secret", "nurse.jane", "password-secret").toString();

        assertThat(shown).isEqualTo("ApiSettings[token set, user nurse.jane]");
    }
}
