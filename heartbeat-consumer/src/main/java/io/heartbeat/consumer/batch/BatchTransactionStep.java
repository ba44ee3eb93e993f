package io.heartbeat.consumer.batch;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Work that joins a batch's transaction once its rows are written, and so commits, or rolls back, with them. The
 * in-stream alarms ({@code io.heartbeat.consumer.alarm}) are one.
 */
@FunctionalInterface
public interface BatchTransactionStep {

    /**
     * Called before the commit with the batch's rows that are now stored, in batch order: those just inserted and
     * those of a redelivery that were stored already, which the step must recognise itself.
     * @return what to do once the transaction has committed; it is dropped if the transaction rolls back
     */
    Runnable written(Connection connection, List<HeartbeatRow> rows) throws SQLException;
}
