package io.heartbeat.consumer.persistence;

import java.sql.SQLException;

/**
 * Tells the two kinds of write failure apart by SQLState: PostgreSQL refusing one record's values, which no retry
 * can mend, and everything else (connection lost, server shutting down, out of resources ...), which a retry can.
 */
final class WriteFailures {

    private static final String DATA_EXCEPTION = "22";

    private static final String INTEGRITY_CONSTRAINT_VIOLATION = "23";

    private static final String CONNECTION_EXCEPTION = "08";

    private WriteFailures() {
    }

    /**
     * Whether PostgreSQL refused the values themselves: class 22 (data exception: out of range, too long, bad
     * encoding ...) or 23 (integrity constraint violation). A stored event_id fails a COPY with 23505, and the
     * writer then inserts the batch by the statement that skips it, so that never reaches the error handler.
     */
    static boolean isRecordRefusal(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith(DATA_EXCEPTION) || state.startsWith(INTEGRITY_CONSTRAINT_VIOLATION));
    }

    /** Whether the connection itself failed (class 08): lost, or no answer within DB_WRITE_TIMEOUT. */
    static boolean isConnectionFailure(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && state.startsWith(CONNECTION_EXCEPTION);
    }
}
