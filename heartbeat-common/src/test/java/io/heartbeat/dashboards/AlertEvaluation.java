package io.heartbeat.dashboards;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grafana's evaluation of a rule over SQL table data, for the expressions the rules use: each row is an alert
 * instance labelled by its string columns with the one numeric column as value; reduce leaves such numbers as they
 * are; threshold turns each into 1 (firing) or 0.
 */
final class AlertEvaluation {

    private AlertEvaluation() {
    }

    /** The instances of the rule's condition, by label set (empty map when the query returned no rows: NoData). */
    static Map<Map<String, String>, Boolean> evaluate(AlertRule rule, QueryResult queryResult) {
        Map<Map<String, String>, BigDecimal> values = evaluate(rule, rule.condition(), queryResult);
        Map<Map<String, String>, Boolean> firing = new LinkedHashMap<>();
        values.forEach((labels, value) -> firing.put(labels, value.signum() != 0));
        return firing;
    }

    /** Only the label sets whose condition fires. */
    static List<Map<String, String>> firing(AlertRule rule, QueryResult queryResult) {
        return evaluate(rule, queryResult).entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
            .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<Map<String, String>, BigDecimal> evaluate(AlertRule rule, String refId, QueryResult result) {
        AlertRule.Step step = rule.step(refId);
        if (!step.isExpression()) {
            return numbers(rule, result);
        }
        Map<String, Object> model = step.model();
        Map<Map<String, String>, BigDecimal> input = evaluate(rule, (String) model.get("expression"), result);
        return switch ((String) model.get("type")) {
            case "reduce" -> input; // a number per instance already: Grafana's reduce passes numbers through
            case "threshold" -> threshold((List<Map<String, Object>>) model.get("conditions"), input);
            default -> throw new IllegalArgumentException("Expression type " + model.get("type") + " of "
                    + rule.uid() + " is not implemented here");
        };
    }

    /** Grafana's rules for table data: exactly one numeric column, string columns as labels, unique label sets. */
    private static Map<Map<String, String>, BigDecimal> numbers(AlertRule rule, QueryResult result) {
        int valueColumn = result.numeric().indexOf(true);
        if (valueColumn < 0 || result.numeric().lastIndexOf(true) != valueColumn) {
            throw new IllegalStateException(rule.uid() + " must return exactly one numeric column: "
                    + result.columns());
        }
        Map<Map<String, String>, BigDecimal> numbers = new LinkedHashMap<>();
        for (List<Object> row : result.rows()) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                if (i != valueColumn) {
                    labels.put(result.columns().get(i), (String) row.get(i));
                }
            }
            BigDecimal value = new BigDecimal(row.get(valueColumn).toString());
            if (numbers.put(labels, value) != null) {
                throw new IllegalStateException(rule.uid() + " returned label set " + labels + " twice");
            }
        }
        return numbers;
    }

    @SuppressWarnings("unchecked")
    private static Map<Map<String, String>, BigDecimal> threshold(List<Map<String, Object>> conditions,
            Map<Map<String, String>, BigDecimal> input) {
        if (conditions.size() != 1) {
            throw new IllegalArgumentException("Thresholds with " + conditions.size() + " conditions are not"
                    + " implemented here");
        }
        Map<String, Object> evaluator = (Map<String, Object>) conditions.get(0).get("evaluator");
        BigDecimal limit = new BigDecimal(((List<Object>) evaluator.get("params")).get(0).toString());
        String type = (String) evaluator.get("type");
        Map<Map<String, String>, BigDecimal> output = new LinkedHashMap<>();
        input.forEach((labels, value) -> {
            boolean fires = switch (type) {
                case "gt" -> value.compareTo(limit) > 0;
                case "lt" -> value.compareTo(limit) < 0;
                default -> throw new IllegalArgumentException("Threshold " + type + " is not implemented here");
            };
            output.put(labels, fires ? BigDecimal.ONE : BigDecimal.ZERO);
        });
        return output;
    }
}
