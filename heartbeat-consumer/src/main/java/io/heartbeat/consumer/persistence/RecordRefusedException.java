package io.heartbeat.consumer.persistence;

import java.sql.SQLException;

import io.heartbeat.consumer.batch.HeartbeatRow;

/**
 * PostgreSQL refused one row of a batch; the rows before it are committed, the rows after it are not written.
 * Retrying cannot help: the record belongs on the dead-letter topic.
 */
public class RecordRefusedException extends RuntimeException {

    private final int index;

    private final transient WriteResult written;

    RecordRefusedException(int index, HeartbeatRow row, WriteResult written, SQLException cause) {
        super("PostgreSQL refused " + row.coordinates() + " (event_id " + row.deliveryKey() + ", SQLState "
                + cause.getSQLState() + "): " + cause.getMessage(), cause);
        this.index = index;
        this.written = written;
    }

    /** Position of the refused row in the batch. */
    public int index() {
        return this.index;
    }

    /** What the rows before the refused one changed; committed. */
    public WriteResult written() {
        return this.written;
    }
}
