package io.heartbeat.consumer.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Which alerts to list; every part is optional.
 *
 * @param patientId only this patient's
 * @param category only this category (its database value)
 * @param open {@code true}: only open ones; {@code false}: only resolved ones; {@code null}: both
 * @param from only raised at or after this time (the reading's time)
 * @param to only raised before this time
 */
record AlertFilter(@Nullable String patientId, @Nullable String category, @Nullable Boolean open,
        @Nullable Instant from, @Nullable Instant to) {

    WhereClause where() {
        return new WhereClause().and("patient_id = :patientId", "patientId", this.patientId)
            .and("alert_category = :category", "category", this.category)
            .and((this.open == null) ? null : (this.open ? "NOT resolved_flag" : "resolved_flag"))
            .and("timestamp >= :from", "from", this.from)
            .and("timestamp < :to", "to", this.to);
    }
}
