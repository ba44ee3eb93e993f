package io.heartbeat.dashboards;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.heartbeat.dashboards.ProvisioningVariants.group;
import static io.heartbeat.dashboards.ProvisioningVariants.messages;
import static io.heartbeat.dashboards.ProvisioningVariants.model;
import static io.heartbeat.dashboards.ProvisioningVariants.rule;
import static io.heartbeat.dashboards.ProvisioningVariants.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variants of {@code rules.yml} that Grafana refuses, each rejected by {@link AlertRuleChecks} and
 * {@link AlertQueryChecks} with Grafana's message.
 */
class AlertRuleChecksTests {

    private final GrafanaFiles files = GrafanaFiles.load();

    @Test
    void anIntervalThatIsNotAMultipleOfTheTickIsRefused() {
        group(this.files, "pipeline").put("interval", "15s");
        group(this.files, "patients").put("interval", "0s");

        assertThat(messages(this.files)).containsExactly(
                "invalid alert rule: interval (0s) should be non-zero and divided exactly by scheduler interval: 10",
                "invalid alert rule: interval (15s) should be non-zero and divided exactly by scheduler interval: 10");
    }

    @Test
    void anIntervalOrForThatDoesNotParseIsRefused() {
        group(this.files, "pipeline").put("interval", "1.5m");
        rule(this.files, "heartbeat-corrupted-rate").put("for", "-1m");

        assertThat(messages(this.files)).containsExactly("not a valid duration string: \"1.5m\"",
                "rule 'Corrupted data rate high' failed to parse 'for' field: not a valid duration string: \"-1m\"");
    }

    @Test
    void aGroupWithoutNameOrFolderIsRefused() {
        group(this.files, "pipeline").put("folder", " ");
        group(this.files, "patients").put("name", "");

        assertThat(messages(this.files)).containsExactly("rule group has no name set", "rule group has no folder set");
    }

    @Test
    void unknownNoDataAndErrorStatesAreRefused() {
        rule(this.files, "heartbeat-device-silent").put("noDataState", "Firing");
        rule(this.files, "heartbeat-consumer-lag").put("execErrState", "NoData");

        assertThat(messages(this.files)).containsExactly(
                "rule 'Device silent' failed to parse: unknown NoData state option Firing",
                "rule 'Consumer lag high' failed to parse: unknown Error state option NoData");
    }

    @Test
    void aRuleWithoutTitleUidDataOrConditionIsRefused() {
        rule(this.files, "heartbeat-device-silent").put("title", "");
        rule(this.files, "heartbeat-consumer-lag").remove("condition");
        Map<String, Object> noData = rule(this.files, "heartbeat-no-events-stored");
        noData.put("data", List.of());
        rule(this.files, "heartbeat-corrupted-rate").remove("uid");

        assertThat(messages(this.files)).containsExactly("rule has no title set",
                "rule 'Corrupted data rate high' failed to parse: no UID set",
                "rule 'No events stored' failed to parse: no data set",
                "rule 'Consumer lag high' failed to parse: no condition set");
    }

    @Test
    void uidsMustBeShortUniqueAndOfGrafanasAlphabet() {
        rule(this.files, "heartbeat-device-silent").put("uid", "heartbeat/device-silent");
        rule(this.files, "heartbeat-consumer-lag").put("uid", "heartbeat-consumer-lag-of-the-kafka-listener-x");
        Map<String, Object> copy = new LinkedHashMap<>(rule(this.files, "heartbeat-no-events-stored"));
        copy.put("title", "No events stored, again");
        rulesOf("patients").add(copy);

        assertThat(messages(this.files)).containsExactly(
                "cannot create rule with UID 'heartbeat/device-silent': invalid format of UID. Only letters, numbers,"
                        + " '-' and '_' are allowed",
                "rule uid 'heartbeat-no-events-stored' is used by another rule of org 1",
                "cannot create rule with UID 'heartbeat-consumer-lag-of-the-kafka-listener-x': UID is longer than 40"
                        + " symbols");
    }

    @Test
    void titlesMustBeUniqueInTheirFolderAndAtMost190Characters() {
        Map<String, Object> copy = new LinkedHashMap<>(rule(this.files, "heartbeat-device-silent"));
        copy.put("uid", "heartbeat-device-silent-2");
        rulesOf("pipeline").add(copy);
        rule(this.files, "heartbeat-consumer-lag").put("title", "x".repeat(191));

        assertThat(messages(this.files)).containsExactly(
                "invalid alert rule: name length should not be greater than 190",
                "a conflicting alert rule is found: rule title under the same organisation and folder should be"
                        + " unique");
    }

    @Test
    void aConditionOrExpressionNamingAMissingRefIdIsRefused() {
        rule(this.files, "heartbeat-sustained-rhythm").put("condition", "D");
        model(rule(this.files, "heartbeat-device-silent"), "B").put("expression", "Z");
        model(rule(this.files, "heartbeat-corrupted-rate"), "C").put("expression", "C");

        assertThat(messages(this.files)).containsExactly(
                "invalid alert rule: condition D does not exist, must be one of [A,B,C]",
                "unable to find dependent node 'Z'",
                "expression 'C' cannot reference itself. Must be query or another expression");
    }

    @Test
    void refIdsMustBeSetAndUnique() {
        step(rule(this.files, "heartbeat-device-silent"), "B").put("refId", "A");
        step(rule(this.files, "heartbeat-no-events-stored"), "B").put("refId", "");

        // the threshold C then reduces a B that is gone
        assertThat(messages(this.files)).containsExactly(
                "invalid alert rule: refID 'A' is already used by query/expression at index 0",
                "unable to find dependent node 'B'",
                "invalid alert rule: refID is not specified for data query/expression at index 1",
                "unable to find dependent node 'B'");
    }

    @Test
    void aQueryOfADatasourceThatIsNotProvisionedIsRefused() {
        step(rule(this.files, "heartbeat-consumer-lag"), "A").put("datasourceUid", "prometheus");
        step(rule(this.files, "heartbeat-corrupted-rate"), "A").remove("datasourceUid");

        assertThat(messages(this.files)).containsExactly("missing datasource uid in query with refId A",
                "failed to build query 'A': data source not found");
    }

    @Test
    void aQueryWithoutATimeRangeIsRefused() {
        step(rule(this.files, "heartbeat-no-events-stored"), "A").remove("relativeTimeRange");

        assertThat(messages(this.files))
            .containsExactly("Invalid alert rule query A: invalid relative time range [From: 0s, To: 0s]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void expressionsMustBeOnesGrafanaBuilds() {
        model(rule(this.files, "heartbeat-sustained-rhythm"), "B").put("reducer", "avg");
        model(rule(this.files, "heartbeat-device-silent"), "C").put("type", "compare");
        Map<String, Object> threshold = model(rule(this.files, "heartbeat-corrupted-rate"), "C");
        Map<String, Object> evaluator = (Map<String, Object>) ((List<Map<String, Object>>) threshold
            .get("conditions")).get(0).get("evaluator");
        evaluator.put("type", "within_range");

        assertThat(messages(this.files)).containsExactly("reduction avg not implemented",
                "'compare' is not a recognized expression type",
                "invalid condition: incorrect number of arguments: got 1 but need 2");
    }

    @Test
    void grafanasReservedLabelsAreRefused() {
        rule(this.files, "heartbeat-no-events-stored").put("labels", Map.of("__grafana_receiver__", "x"));

        assertThat(messages(this.files))
            .containsExactly("invalid alert rule: system reserved label __grafana_receiver__ cannot be defined");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> rulesOf(String groupName) {
        return (List<Map<String, Object>>) group(this.files, groupName).get("rules");
    }
}
