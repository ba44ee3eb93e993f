package io.heartbeat.consumer.persistence;

import java.io.IOException;
import java.sql.SQLException;

/** Tells write failures apart by what a retry can mend (docs/consumer.md, "Errors", has the table). */
public final class WriteFailures {

    private static final String DATA_EXCEPTION = "22";

    private static final String INTEGRITY_CONSTRAINT_VIOLATION = "23";

    private static final String CONNECTION_EXCEPTION = "08";

    private static final String QUERY_CANCELED = "57014";

    /** What a failed write calls for. */
    public enum Kind {

        /** PostgreSQL, the driver or the pool failed, whatever the rows: retry the batch for as long as it takes. */
        DATABASE,

        /** PostgreSQL cancelled the statement (statement_timeout, SQLState 57014): write fewer rows at a time. */
        TIMED_OUT,

        /** The rows themselves failed the write: find the one record the failure repeats for. */
        RECORD
    }

    private WriteFailures() {
    }

    /**
     * Classifies a failure by the first {@link SQLException} of its causes, by its SQLState as docs/consumer.md#errors
     * tabulates; without one, an I/O failure is {@link Kind#DATABASE} and any other exception the data's.
     */
    public static Kind classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (QUERY_CANCELED.equals(sql.getSQLState())) {
                    return Kind.TIMED_OUT;
                }
                return isRecordRefusal(sql) ? Kind.RECORD : Kind.DATABASE;
            }
            if (cause instanceof IOException) {
                return Kind.DATABASE;
            }
        }
        return Kind.RECORD;
    }

    /**
     * Whether PostgreSQL refused the values themselves: class 22 (data exception: out of range, too long, bad
     * encoding ...) or 23 (integrity constraint violation).
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
