package io.heartbeat.consumer.alert;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;

/**
 * What a batch's readings resolve, worked out before the batch is written: when each of its own alerts resolves, so
 * they are inserted resolved, and the streaks that resolve stored open alerts.
 */
public final class Recoveries {

    private final Long[] rowResolvedAt;

    private final String resolvedBy;

    private final List<StoredAlertsRange> storedRanges = new ArrayList<>();

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
        if (this.storedRanges.isEmpty()) {
            return 0;
        }
        try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.RESOLVE_BEFORE_STREAKS)) {
            statement.setString(1, this.resolvedBy);
            statement.setArray(2, array(connection, "text", StoredAlertsRange::patientId));
            statement.setArray(3, array(connection, "int8",
                    (range) -> (range.after() != null) ? range.after().micros() : null));
            statement.setArray(4, array(connection, "int8",
                    (range) -> (range.after() != null) ? range.after().place() : null));
            statement.setArray(5, array(connection, "int8", (range) -> range.streak().start().micros()));
            statement.setArray(6, array(connection, "int8", (range) -> range.streak().start().place()));
            statement.setArray(7, array(connection, "int8", (range) -> range.streak().recoveredAt()));
            return statement.executeUpdate();
        }
    }

    /** How many streaks of K readings resolve stored alerts. */
    int streaks() {
        return this.storedRanges.size();
    }

    void resolveRow(int index, long resolvedAt) {
        this.rowResolvedAt[index] = resolvedAt;
    }

    /**
     * Resolves the stored open alerts between {@code after} (the previous streak's start; null for none) and
     * {@code streak}. A batch reading's place is above every stored id, which is all the statement needs of it.
     */
    void resolveBefore(String patientId, Position after, Recovery streak) {
        this.storedRanges.add(new StoredAlertsRange(patientId, after, streak));
    }

    private Array array(Connection connection, String type, Function<StoredAlertsRange, Object> column)
            throws SQLException {
        return connection.createArrayOf(type, this.storedRanges.stream().map(column).toArray());
    }

    // The stored alerts one streak resolves: those after the previous streak's start and before its own.
    private record StoredAlertsRange(String patientId, Position after, Recovery streak) {
    }
}
