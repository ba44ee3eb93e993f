package io.heartbeat.consumer.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.consumer.alarm.AlarmKind;
import org.jspecify.annotations.Nullable;

/**
 * Which alarms to list; every part is optional.
 *
 * @param patientId only this patient's
 * @param kind only this kind
 * @param state only in this state, or {@code unresolved}: open or acknowledged
 * @param from only started at or after this time
 * @param to only started before this time
 */
record AlarmFilter(@Nullable String patientId, @Nullable String kind, @Nullable String state,
        @Nullable Instant from, @Nullable Instant to) {

    static final List<String> KINDS = Arrays.stream(AlarmKind.values()).map(AlarmKind::dbValue).toList();

    static final List<String> STATES = List.of("open", "acknowledged", "resolved", "unresolved");

    static final String UNRESOLVED = "unresolved";

    WhereClause where() {
        boolean unresolved = UNRESOLVED.equals(this.state);
        // The very predicate of idx_patient_alarms_unresolved, so that the planner can use it.
        return new WhereClause().and("patient_id = :patientId", "patientId", this.patientId)
            .and("kind = :kind", "kind", this.kind)
            .and(unresolved ? "state <> 'resolved'" : null)
            .and("state = :state", "state", unresolved ? null : this.state)
            .and("started_at >= :from", "from", this.from)
            .and("started_at < :to", "to", this.to);
    }
}
