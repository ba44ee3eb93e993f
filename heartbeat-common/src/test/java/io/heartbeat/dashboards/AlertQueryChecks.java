package io.heartbeat.dashboards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana checks of one rule's {@code data} and {@code condition}: refIds (ValidateCondition,
 * pkg/services/ngalert/api/api_ruler_validation.go), query time ranges (AlertQuery.PreSave,
 * pkg/services/ngalert/models/alert_query.go), datasources and the expression pipeline it builds before every
 * evaluation (pkg/expr/graph.go, commands.go, threshold.go; pkg/services/ngalert/eval/eval.go).
 */
final class AlertQueryChecks {

    /** pkg/expr/nodes.go DatasourceUID: the pseudo datasource of server-side expressions. */
    static final String EXPRESSION_UID = "__expr__";

    // pkg/expr/commands.go GetExpressionCommandType
    private static final Set<String> EXPRESSION_TYPES = Set.of("math", "reduce", "resample", "classic_conditions",
            "threshold", "sql");

    // pkg/expr/mathexp/reduce.go GetReduceFunc
    private static final Set<String> REDUCERS = Set.of("sum", "mean", "min", "max", "count", "last", "median");

    // pkg/expr/threshold.go NewThresholdCommand: the evaluators every Grafana 12 has, with their parameter counts
    private static final Map<String, Integer> THRESHOLDS = Map.of("gt", 1, "lt", 1, "within_range", 2,
            "outside_range", 2);

    private static final Pattern MATH_VARIABLE = Pattern.compile("\\$\\{?([A-Za-z0-9_]+)}?");

    private static final String CONDITION = "ValidateCondition, pkg/services/ngalert/api/api_ruler_validation.go";

    private static final String GRAPH = "buildGraph/buildGraphEdges, pkg/expr/graph.go";

    private final ProvisionedValues values;

    private final Set<String> datasourceUids;

    private final String file;

    private final String where;

    AlertQueryChecks(ProvisionedValues values, Set<String> datasourceUids, String file, String where) {
        this.values = values;
        this.datasourceUids = datasourceUids;
        this.file = file;
        this.where = where;
    }

    void check(Map<String, Object> rule) {
        Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
        List<Map<String, Object>> data = ProvisionedValues.list(rule, "data");
        for (int index = 0; index < data.size(); index++) {
            String refId = this.values.text(data.get(index), "refId");
            if (refId.isEmpty()) {
                refuse("invalid alert rule: refID is not specified for data query/expression at index " + index,
                        CONDITION);
            }
            else if (steps.containsKey(refId)) {
                refuse("invalid alert rule: refID '" + refId + "' is already used by query/expression at index "
                        + new ArrayList<>(steps.keySet()).indexOf(refId), CONDITION);
            }
            else {
                steps.put(refId, data.get(index));
            }
        }
        String condition = this.values.text(rule, "condition");
        if (!condition.isEmpty() && !data.isEmpty() && !steps.containsKey(condition)) {
            refuse("invalid alert rule: condition " + condition + " does not exist, must be one of ["
                    + String.join(",", steps.keySet().stream().sorted().toList()) + "]", CONDITION);
        }
        steps.forEach((refId, step) -> checkStep(refId, step, steps));
    }

    private void checkStep(String refId, Map<String, Object> step, Map<String, Map<String, Object>> steps) {
        String datasourceUid = this.values.text(step, "datasourceUid");
        if (datasourceUid.isEmpty()) {
            refuse("missing datasource uid in query with refId " + refId, GRAPH);
        }
        else if (EXPRESSION_UID.equals(datasourceUid)) {
            checkExpression(refId, ProvisionedValues.map(step, "model"), steps);
        }
        else {
            if (!this.datasourceUids.contains(datasourceUid)) {
                refuse("failed to build query '" + refId + "': data source not found",
                        "getExprRequest, pkg/services/ngalert/eval/eval.go");
            }
            Map<String, Object> range = ProvisionedValues.map(step, "relativeTimeRange");
            Duration from = Duration.ofSeconds(((Number) range.getOrDefault("from", 0)).longValue());
            Duration to = Duration.ofSeconds(((Number) range.getOrDefault("to", 0)).longValue());
            if (from.compareTo(to) <= 0) {
                refuse("Invalid alert rule query " + refId + ": invalid relative time range [From: "
                        + GoDurations.format(from) + ", To: " + GoDurations.format(to) + "]",
                        "AlertQuery.PreSave, pkg/services/ngalert/models/alert_query.go");
            }
        }
    }

    private void checkExpression(String refId, Map<String, Object> model, Map<String, Map<String, Object>> steps) {
        String type = String.valueOf(model.getOrDefault("type", ""));
        if (!EXPRESSION_TYPES.contains(type)) {
            refuse("'" + type + "' is not a recognized expression type",
                    "GetExpressionCommandType, pkg/expr/commands.go");
            return;
        }
        List<String> inputs = switch (type) {
            case "reduce" -> reduceInputs(refId, model);
            case "threshold" -> thresholdInputs(refId, model);
            case "math" -> mathInputs(model);
            default -> List.of(); // resample, classic_conditions, sql: not used here, their inputs not modelled
        };
        for (String input : inputs) {
            if (input.equals(refId)) {
                refuse("expression '" + input + "' cannot reference itself. Must be query or another expression",
                        GRAPH);
            }
            else if (!steps.containsKey(input)) {
                refuse("unable to find dependent node '" + input + "'", GRAPH);
            }
        }
    }

    private List<String> reduceInputs(String refId, Map<String, Object> model) {
        String mirrors = "UnmarshalReduceCommand, pkg/expr/commands.go";
        if (!(model.get("expression") instanceof String expression)) {
            refuse("no expression ID is specified to reduce. Must be a reference to an existing query or expression",
                    mirrors);
            return List.of();
        }
        if (!(model.get("reducer") instanceof String reducer)) {
            refuse("no reducer specified", mirrors);
        }
        else if (!REDUCERS.contains(reducer.toLowerCase(Locale.ROOT))) {
            refuse("reduction " + reducer + " not implemented", "GetReduceFunc, pkg/expr/mathexp/reduce.go");
        }
        return List.of(expression.startsWith("$") ? expression.substring(1) : expression);
    }

    @SuppressWarnings("unchecked")
    private List<String> thresholdInputs(String refId, Map<String, Object> model) {
        String mirrors = "UnmarshalThresholdCommand/NewThresholdCommand, pkg/expr/threshold.go";
        String expression = String.valueOf(model.getOrDefault("expression", ""));
        if (expression.isEmpty()) {
            refuse("no variable specified to reference for refId " + refId, mirrors);
            return List.of();
        }
        List<Map<String, Object>> conditions = ProvisionedValues.list(model, "conditions");
        if (conditions.size() != 1) {
            refuse("threshold expression requires exactly one condition", mirrors);
            return List.of(expression);
        }
        Map<String, Object> evaluator = ProvisionedValues.map(conditions.get(0), "evaluator");
        String type = String.valueOf(evaluator.getOrDefault("type", ""));
        List<Object> params = (List<Object>) evaluator.getOrDefault("params", List.of());
        if (!THRESHOLDS.containsKey(type)) {
            refuse("invalid condition: expected threshold function to be one of [gt, lt, within_range,"
                    + " outside_range], got " + type, mirrors);
        }
        else if (params.size() < THRESHOLDS.get(type)) {
            refuse("invalid condition: incorrect number of arguments: got " + params.size() + " but need "
                    + THRESHOLDS.get(type), mirrors);
        }
        return List.of(expression);
    }

    private static List<String> mathInputs(Map<String, Object> model) {
        List<String> inputs = new ArrayList<>();
        Matcher matcher = MATH_VARIABLE.matcher(String.valueOf(model.getOrDefault("expression", "")));
        while (matcher.find()) {
            inputs.add(matcher.group(1));
        }
        return inputs;
    }

    private void refuse(String message, String mirrors) {
        this.values.refuse(this.file, this.where, message, mirrors);
    }
}
