package io.heartbeat.consumer.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The WHERE clause of a list's optional filters: fixed fragments with named parameters, so that no value ever
 * becomes SQL text.
 */
final class WhereClause {

    private final List<String> conditions = new ArrayList<>();

    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Adds {@code condition}, which reads the parameter {@code name}, when {@code value} is given. */
    WhereClause and(String condition, String name, @Nullable Object value) {
        if (value != null) {
            this.conditions.add(condition);
            this.parameters.put(name, (value instanceof Instant instant) ? instant.atOffset(ZoneOffset.UTC) : value);
        }
        return this;
    }

    /** Adds {@code condition}, which has no parameter, when it is given. */
    WhereClause and(@Nullable String condition) {
        if (condition != null) {
            this.conditions.add(condition);
        }
        return this;
    }

    /** {@code WHERE} and the conditions, or nothing when there is none. */
    String sql() {
        return this.conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", this.conditions);
    }

    Map<String, Object> parameters() {
        return this.parameters;
    }
}
