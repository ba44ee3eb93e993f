package io.heartbeat.dashboards;

import java.nio.file.Path;
import java.util.Map;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScaleSettingsTests {

    @Test
    void withNothingSetFiveHundredPatientsSixHoursFiveRunsIntoBenchData() {
        ScaleSettings settings = ScaleSettings.from(Map.<String, String>of()::get);

        assertThat(settings).isEqualTo(new ScaleSettings(500, 6, 5,
                ProjectFiles.resolve("bench-data").resolve("scale-500p-6h.json")));
        assertThat(settings.markdown()).isEqualTo(ProjectFiles.resolve("bench-data").resolve("scale-500p-6h.md"));
    }

    @Test
    void readsEachVariable() {
        ScaleSettings settings = ScaleSettings.from(Map.of("PATIENTS", "20", "HOURS", " 24 ", "REPETITIONS", "9",
                "SCALE_OUT", "/tmp/out/run.json")::get);

        assertThat(settings).isEqualTo(new ScaleSettings(20, 24, 9, Path.of("/tmp/out/run.json")));
        assertThat(settings.markdown()).isEqualTo(Path.of("/tmp/out/run.md"));
    }

    @Test
    void aBadValueNamesItsVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> ScaleSettings.from(Map.of("HOURS", "six")::get))
            .withMessage("HOURS must be a whole number, was \"six\"");
        assertThatIllegalArgumentException().isThrownBy(() -> ScaleSettings.from(Map.of("PATIENTS", "0")::get))
            .withMessage("PATIENTS must be between 1 and 1000000, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ScaleSettings.from(Map.of("REPETITIONS", "0")::get))
            .withMessage("REPETITIONS must be between 1 and 1000, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ScaleSettings.from(Map.of("HOURS", "745")::get))
            .withMessage("HOURS must be between 1 and 744, was 745");
    }
}
