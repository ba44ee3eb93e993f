package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.dashboards.AlertInstances.Firing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertInstancesTests {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private static final Map<String, String> P1 = Map.of("patient_id", "p-001");

    private static final Map<String, String> P2 = Map.of("patient_id", "p-002");

    @Test
    void anInstanceFiresOnceItsConditionHeldForThePendingPeriod() {
        AlertInstances instances = new AlertInstances(rule("10s", "OK"));

        instances.evaluate(at(0), Map.of(P1, true, P2, false));
        assertThat(instances.firings()).isEmpty();
        instances.evaluate(at(10), Map.of(P1, true, P2, false));
        instances.evaluate(at(20), Map.of(P1, true, P2, false));

        assertThat(instances.firings()).containsExactly(new Firing(P1, at(10)));
    }

    @Test
    void aZeroPendingPeriodFiresAtTheFirstEvaluation() {
        AlertInstances instances = new AlertInstances(rule("0s", "OK"));

        instances.evaluate(at(0), Map.of(P1, true));

        assertThat(instances.firings()).containsExactly(new Firing(P1, at(0)));
    }

    @Test
    void aConditionThatClearsWhilePendingStartsOver() {
        AlertInstances instances = new AlertInstances(rule("20s", "OK"));

        instances.evaluate(at(0), Map.of(P1, true));
        instances.evaluate(at(10), Map.of(P1, true));
        instances.evaluate(at(20), Map.of(P1, false));
        instances.evaluate(at(30), Map.of(P1, true));
        instances.evaluate(at(40), Map.of(P1, true));
        instances.evaluate(at(50), Map.of(P1, true));

        assertThat(instances.firings()).containsExactly(new Firing(P1, at(50)));
    }

    @Test
    void anAlertThatResolvesAndHoldsAgainFiresAgain() {
        AlertInstances instances = new AlertInstances(rule("0s", "OK"));

        instances.evaluate(at(0), Map.of(P1, true));
        instances.evaluate(at(10), Map.of(P1, false));
        instances.evaluate(at(20), Map.of(P1, true));

        assertThat(instances.firings()).containsExactly(new Firing(P1, at(0)), new Firing(P1, at(20)));
    }

    @Test
    void anInstanceMissingOnceKeepsFiringAndMissingTwiceResolves() {
        AlertInstances instances = new AlertInstances(rule("0s", "OK"));

        instances.evaluate(at(0), Map.of(P1, true, P2, false));
        instances.evaluate(at(10), Map.of(P2, false));
        instances.evaluate(at(20), Map.of(P1, true, P2, false));
        instances.evaluate(at(30), Map.of(P2, false));
        instances.evaluate(at(40), Map.of(P2, false));
        instances.evaluate(at(50), Map.of(P1, true, P2, false));

        assertThat(instances.firings()).containsExactly(new Firing(P1, at(0)), new Firing(P1, at(50)));
    }

    @Test
    void noDataFiresOnlyWhenTheRuleSaysSo() {
        AlertInstances ok = new AlertInstances(rule("0s", "OK"));
        AlertInstances alerting = new AlertInstances(rule("0s", "Alerting"));

        ok.evaluate(at(0), Map.of());
        alerting.evaluate(at(0), Map.of());

        assertThat(ok.firings()).isEmpty();
        assertThat(alerting.firings()).containsExactly(new Firing(Map.of(), at(0)));
    }

    private static AlertRule rule(String pendingPeriod, String noDataState) {
        return new AlertRule("patients", Duration.ofSeconds(10), "test-rule", "Test rule", "C", List.of(),
                pendingPeriod, noDataState, "Error", Map.of(), Map.of(), null, null);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }
}
