package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Counting alert rule evaluations across polls of Grafana's rules API (grafana-rules-polls.json).
 */
class RuleEvaluationsTests {

    private static final String RHYTHM = "Sustained tachycardia or bradycardia";

    private static final String SILENT = "Device silent";

    private static final List<JsonNode> POLLS = QueryDataResponseTests.sample("grafana-rules-polls.json")
        .path("polls").valueStream().toList();

    @Test
    void goZeroTimeIsNotAnEvaluation() {
        RuleEvaluations evaluations = new RuleEvaluations();
        evaluations.record(POLLS.get(0));

        assertThat(evaluations.counts()).containsExactly(entry(RHYTHM, 0), entry(SILENT, 1));
        assertThat(evaluations.evaluatedFewerThan(1, List.of(RHYTHM, SILENT))).containsExactly(RHYTHM);
        assertThat(evaluations.errors()).isEmpty();
    }

    @Test
    void distinctEvaluationTimesAcrossPollsCount() {
        RuleEvaluations evaluations = new RuleEvaluations();
        evaluations.record(POLLS.get(0));
        evaluations.record(POLLS.get(1));
        // the same lastEvaluation seen again is the same evaluation
        evaluations.record(POLLS.get(1));

        assertThat(evaluations.counts()).containsExactly(entry(RHYTHM, 1), entry(SILENT, 2));
        assertThat(evaluations.evaluatedFewerThan(2, List.of(RHYTHM, SILENT))).containsExactly(RHYTHM);
        // nodata is not an error: a rule may find no rows
        assertThat(evaluations.errors()).isEmpty();
    }

    @Test
    void aRuleThatWasNeverListedHasNoEvaluation() {
        RuleEvaluations evaluations = new RuleEvaluations();
        evaluations.record(POLLS.get(1));

        assertThat(evaluations.evaluatedFewerThan(1, List.of(SILENT, "No events stored")))
            .containsExactly("No events stored");
    }

    @Test
    void anErrorStateIsKeptWithGrafanasMessage() {
        RuleEvaluations evaluations = new RuleEvaluations();
        POLLS.forEach(evaluations::record);

        assertThat(evaluations.counts()).containsExactly(entry(RHYTHM, 2), entry(SILENT, 2));
        assertThat(evaluations.errors()).containsExactly("patients / " + RHYTHM + " at 2026-12-04T13:40:30Z: health"
                + " error, failed to execute query A: db query error: pq: password authentication failed for user"
                + " \"grafana_reader\"");
    }

    @Test
    void aFailedAnswerStopsTheCount() {
        JsonNode failed = JsonMapper.shared().readTree("{\"status\":\"error\",\"error\":\"unauthorized\"}");

        assertThatIllegalStateException().isThrownBy(() -> new RuleEvaluations().record(failed))
            .withMessageStartingWith("Rules API answered");
    }

    private static Map.Entry<String, Integer> entry(String title, int count) {
        return Map.entry(title, count);
    }
}
