package io.heartbeat.consumer.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which alerts to list; every part is optional. Turns itself into a WHERE clause of fixed fragments with named
 * parameters, so no value ever becomes SQL text.
 *
 * @param patientId only this patient's
 * @param category only this category (its database value)
 * @param open {@code true}: only open ones; {@code false}: only resolved ones; {@code null}: both
 * @param from only raised at or after this time (the reading's time)
 * @param to only raised before this time
 */
record AlertFilter(@Nullable String patientId, @Nullable String category, @Nullable Boolean open,
        @Nullable Instant from, @Nullable Instant to) {

    String whereClause() {
        List<String> conditions = new ArrayList<>();
        if (this.patientId != null) {
            conditions.add("patient_id = :patientId");
        }
        if (this.category != null) {
            conditions.add("alert_category = :category");
        }
        if (this.open != null) {
            conditions.add(this.open ? "NOT resolved_flag" : "resolved_flag");
        }
        if (this.from != null) {
            conditions.add("timestamp >= :from");
        }
        if (this.to != null) {
            conditions.add("timestamp < :to");
        }
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }

    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (this.patientId != null) {
            parameters.put("patientId", this.patientId);
        }
        if (this.category != null) {
            parameters.put("category", this.category);
        }
        if (this.from != null) {
            parameters.put("from", this.from.atOffset(ZoneOffset.UTC));
        }
        if (this.to != null) {
            parameters.put("to", this.to.atOffset(ZoneOffset.UTC));
        }
        return parameters;
    }
}
