package io.heartbeat.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Grafana's answer to {@code /api/ds/query}, per refId, as grafana-plugin-sdk-go's backend/json.go writes it:
 * {@code results.<refId>} holds {@code error} (and {@code errorSource}) when the query failed, {@code status}, and
 * {@code frames}, each with {@code schema.fields} and the columns in {@code data.values}.
 */
record QueryDataResponse(Map<String, Result> results) {

    static QueryDataResponse parse(JsonNode body) {
        Map<String, Result> results = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : body.path("results").properties()) {
            JsonNode result = entry.getValue();
            List<Frame> frames = new ArrayList<>();
            for (JsonNode frame : result.path("frames").values()) {
                List<String> fields = frame.at("/schema/fields").valueStream()
                    .map((field) -> field.path("name").asString())
                    .toList();
                JsonNode values = frame.at("/data/values");
                frames.add(new Frame(fields, values.isEmpty() ? 0 : values.get(0).size(), values));
            }
            results.put(entry.getKey(), new Result(result.path("error").asString(""),
                    result.path("status").asInt(200), frames));
        }
        return new QueryDataResponse(results);
    }

    Result result(String refId) {
        Result result = this.results.get(refId);
        if (result == null) {
            throw new IllegalStateException("No result for refId " + refId + " in " + this.results.keySet());
        }
        return result;
    }

    /** One query's outcome. {@code error} is empty when the query ran. */
    record Result(String error, int status, List<Frame> frames) {

        boolean failed() {
            return !this.error.isEmpty() || this.status >= 300;
        }

        /** Rows across all frames: a time series per label set is one frame each. */
        int rows() {
            return this.frames.stream().mapToInt(Frame::rows).sum();
        }

        /** The values of the first frame's first column, as text: what a variable query offers. */
        List<String> firstColumn() {
            if (this.frames.isEmpty() || this.frames.get(0).fields().isEmpty()) {
                throw new IllegalStateException("No column: " + describe());
            }
            return this.frames.get(0).values().get(0).valueStream().map(JsonNode::asString).toList();
        }

        String describe() {
            return failed() ? "status " + this.status + ": " + this.error
                    : this.rows() + " rows in " + this.frames.size() + " frames";
        }
    }

    /** A data frame: its field names and its columns. */
    record Frame(List<String> fields, int rows, JsonNode values) {
    }
}
