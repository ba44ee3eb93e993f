package io.heartbeat.consumer.alert;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;
import io.heartbeat.consumer.batch.DayBoundStatements;

/**
 * What a batch's readings resolve, worked out before the batch is written: when each of its own alerts resolves, so
 * they are inserted resolved, and the streaks that resolve stored open alerts.
 */
public final class Recoveries {

    private final Long[] rowResolvedAt;

    private final String resolvedBy;

    private final List<StoredAlertsRange> storedRanges = new ArrayList<>();

    // The earliest open_since of the ranges' patients: no alert they resolve is older.
    private long openSinceMicros = Long.MAX_VALUE;

    // The patients whose open_since lags their readings by more than a day, and the earliest of those.
    private final List<String> raised = new ArrayList<>();

    private long raisedSinceMicros = Long.MAX_VALUE;

    // The patients whose open_since the batch's alerts left open lower, in patient order, and to when.
    private final Map<String, Long> lowered = new TreeMap<>();

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
     * resolution. Then raises the open_since that lagged past what it resolved, and lowers those the batch's own
     * open alerts are older than. Returns how many it resolved.
     */
    public int resolveStored(Connection connection) throws SQLException {
        int resolved = 0;
        if (!this.storedRanges.isEmpty()) {
            try (PreparedStatement statement = DayBoundStatements.prepare(connection,
                    AlertResolutionSql.RESOLVE_BEFORE_STREAKS)) {
                bindStoredRanges(statement);
                resolved = statement.executeUpdate();
            }
        }
        if (!this.raised.isEmpty()) {
            try (PreparedStatement statement = DayBoundStatements.prepare(connection,
                    AlertResolutionSql.RAISE_OPEN_SINCE)) {
                DayBoundStatements.setDayStart(statement, 1, this.raisedSinceMicros);
                statement.setArray(2, connection.createArrayOf("text", this.raised.toArray()));
                statement.executeUpdate();
            }
        }
        if (!this.lowered.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.LOWER_OPEN_SINCE)) {
                statement.setArray(1, connection.createArrayOf("text", this.lowered.keySet().toArray()));
                statement.setArray(2, connection.createArrayOf("int8", this.lowered.values().toArray()));
                statement.executeUpdate();
            }
        }
        return resolved;
    }

    // Binds RESOLVE_BEFORE_STREAKS to the stored alerts' ranges, a column an array, and the day of their open_since.
    void bindStoredRanges(PreparedStatement statement) throws SQLException {
        Connection connection = statement.getConnection();
        statement.setString(1, this.resolvedBy);
        statement.setArray(2, array(connection, "text", StoredAlertsRange::patientId));
        statement.setArray(3, array(connection, "int8",
                (range) -> (range.after() != null) ? range.after().micros() : null));
        statement.setArray(4, array(connection, "int8",
                (range) -> (range.after() != null) ? range.after().place() : null));
        statement.setArray(5, array(connection, "int8", (range) -> range.streak().start().micros()));
        statement.setArray(6, array(connection, "int8", (range) -> range.streak().start().place()));
        statement.setArray(7, array(connection, "int8", (range) -> range.streak().recoveredAt()));
        DayBoundStatements.setDayStart(statement, 8, this.openSinceMicros);
        DayBoundStatements.setDayStart(statement, 9, this.openSinceMicros);
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
     * {@code streak}, none older than {@code openSinceMicros}. A batch reading's place is above every stored id,
     * which is all the statement needs of it.
     */
    void resolveBefore(String patientId, long openSinceMicros, Position after, Recovery streak) {
        this.storedRanges.add(new StoredAlertsRange(patientId, after, streak));
        this.openSinceMicros = Math.min(this.openSinceMicros, openSinceMicros);
    }

    /** Records again, after the resolution, the patient's oldest alert still open, none older than its open_since. */
    void raiseOpenSince(String patientId, long openSinceMicros) {
        this.raised.add(patientId);
        this.raisedSinceMicros = Math.min(this.raisedSinceMicros, openSinceMicros);
    }

    /** Records that the batch leaves an alert of the patient open from {@code micros} on, older than its open_since. */
    void lowerOpenSince(String patientId, long micros) {
        this.lowered.put(patientId, micros);
    }

    private Array array(Connection connection, String type, Function<StoredAlertsRange, Object> column)
            throws SQLException {
        return connection.createArrayOf(type, this.storedRanges.stream().map(column).toArray());
    }

    // The stored alerts one streak resolves: those after the previous streak's start and before its own.
    private record StoredAlertsRange(String patientId, Position after, Recovery streak) {
    }
}
