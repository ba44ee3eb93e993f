package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;

/**
 * What a batch's readings resolve, worked out before the batch is written: when each of its own alerts resolves, so
 * they are inserted resolved, and the streaks that resolve stored open alerts.
 */
public final class Recoveries {

    private final Long[] rowResolvedAt;

    private final String resolvedBy;

    private final List<String> patients = new ArrayList<>();

    private final List<Long> afterMicros = new ArrayList<>();

    private final List<Long> afterIds = new ArrayList<>();

    private final List<Long> firstMicros = new ArrayList<>();

    private final List<Long> firstIds = new ArrayList<>();

    private final List<Long> kthMicros = new ArrayList<>();

    Recoveries(int rows, String resolvedBy) {
        this.rowResolvedAt = new Long[rows];
        this.resolvedBy = resolvedBy;
    }

    /** When the alert of the batch's row {@code index} resolves (epoch microseconds), or {@code null} if not. */
    public Long resolvedAt(int index) {
        return this.rowResolvedAt[index];
    }

    /** What {@code resolved_by} says for the alerts resolved here. */
    public String resolvedBy() {
        return this.resolvedBy;
    }

    /**
     * Resolves the stored open alerts before the batch's streaks, in the batch's transaction and before its rows
     * are in, so that none of the batch's own alerts is touched; an alert an operator resolved keeps that
     * resolution. Returns how many it resolved.
     */
    public int resolveStored(Connection connection) throws SQLException {
        if (this.patients.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.RESOLVE_BEFORE_STREAKS)) {
            statement.setString(1, this.resolvedBy);
            statement.setArray(2, connection.createArrayOf("text", this.patients.toArray()));
            statement.setArray(3, connection.createArrayOf("int8", this.afterMicros.toArray()));
            statement.setArray(4, connection.createArrayOf("int8", this.afterIds.toArray()));
            statement.setArray(5, connection.createArrayOf("int8", this.firstMicros.toArray()));
            statement.setArray(6, connection.createArrayOf("int8", this.firstIds.toArray()));
            statement.setArray(7, connection.createArrayOf("int8", this.kthMicros.toArray()));
            return statement.executeUpdate();
        }
    }

    /** How many streaks of K readings resolve stored alerts. */
    int streaks() {
        return this.patients.size();
    }

    void resolveRow(int index, long resolvedAt) {
        this.rowResolvedAt[index] = resolvedAt;
    }

    /**
     * Resolves the stored open alerts between {@code after} (the previous streak's start; null for none) and
     * {@code streak}. A batch reading's place is above every stored id, which is all the statement needs of it.
     */
    void resolveBefore(String patientId, Position after, Recovery streak) {
        this.patients.add(patientId);
        this.afterMicros.add((after != null) ? after.micros() : null);
        this.afterIds.add((after != null) ? after.place() : null);
        this.firstMicros.add(streak.start().micros());
        this.firstIds.add(streak.start().place());
        this.kthMicros.add(streak.recoveredAt());
    }
}
