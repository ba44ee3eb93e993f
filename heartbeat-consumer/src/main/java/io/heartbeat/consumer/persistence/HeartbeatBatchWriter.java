package io.heartbeat.consumer.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.heartbeat.consumer.alert.AlertAutoResolver;
import io.heartbeat.consumer.alert.Recoveries;
import io.heartbeat.consumer.batch.BatchTransactionStep;
import io.heartbeat.consumer.batch.HeartbeatRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes a batch of rows, with their alerts, in one transaction, by {@link HeartbeatCopyInsert} or, when COPY cannot
 * take them, {@link HeartbeatInsert} (docs/consumer.md, The write and Errors). The same transaction resolves the
 * alerts of patients that have recovered ({@link AlertAutoResolver}) and runs every {@link BatchTransactionStep}.
 */
@Component
public class HeartbeatBatchWriter {

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatBatchWriter.class);

    private final DataSource dataSource;

    private final AlertAutoResolver alerts;

    private final List<BatchTransactionStep> steps;

    /** A writer that also runs {@code steps}, in their order, in each batch's transaction; Spring passes every one. */
    public HeartbeatBatchWriter(DataSource dataSource, AlertAutoResolver alerts, List<BatchTransactionStep> steps) {
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.steps = List.copyOf(steps);
    }

    /**
     * Writes {@code rows}, skipping duplicates and storing conflicts as such (docs/consumer.md, "Delivery key").
     * @throws RecordRefusedException if PostgreSQL refused a row; the rows before it are committed
     * @throws BatchWriteException if the batch could not be written for any other reason; nothing is committed
     */
    public WriteResult write(List<HeartbeatRow> rows) {
        if (rows.isEmpty()) {
            return WriteResult.NONE;
        }
        try (Connection connection = this.dataSource.getConnection()) {
            connection.setAutoCommit(false);
            WriteResult result = writeBatch(connection, rows);
            if (logger.isDebugEnabled()) {
                logger.debug("Wrote {}: {}", OffsetRanges.of(rows), result);
            }
            return result;
        }
        catch (SQLException ex) {
            throw new BatchWriteException(
                    "Could not write " + OffsetRanges.of(rows) + " to PostgreSQL: " + ex.getMessage(), ex);
        }
    }

    private WriteResult writeBatch(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        try {
            List<Runnable> onCommit = new ArrayList<>();
            WriteResult result = copyOrInsert(connection, rows, onCommit);
            connection.commit();
            onCommit.forEach(Runnable::run);
            return result;
        }
        catch (SQLException ex) {
            rollback(connection, ex);
            if (!WriteFailures.isRecordRefusal(ex)) {
                throw ex;
            }
            logger.debug("PostgreSQL refused a row of {}; writing it row by row", OffsetRanges.of(rows), ex);
        }
        catch (RuntimeException ex) {
            rollback(connection, ex);
            throw ex;
        }
        return writeRowByRow(connection, rows);
    }

    // Commits the rows before the first refused one; the caller's error handler takes it from there.
    private WriteResult writeRowByRow(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        HeartbeatInsert.UntilRefused search;
        try {
            search = HeartbeatInsert.insertUntilRefused(connection, rows);
            List<HeartbeatRow> stored = rows.subList(0, search.stored());
            List<Runnable> onCommit = new ArrayList<>();
            runSteps(connection, stored, onCommit);
            this.alerts.resolveRecovered(connection, stored);
            connection.commit();
            onCommit.forEach(Runnable::run);
        }
        catch (SQLException | RuntimeException ex) {
            rollback(connection, ex);
            throw ex;
        }
        if (search.refusal() != null) {
            throw new RecordRefusedException(search.stored(), rows.get(search.stored()), search.written(),
                    search.refusal());
        }
        return search.written();
    }

    // COPY, or HeartbeatInsert when it cannot load the batch (docs/consumer.md, "The write"). A batch COPY takes has
    // every key once and none stored: no conflict to look for, and its recoveries can be planned beforehand.
    private WriteResult copyOrInsert(Connection connection, List<HeartbeatRow> rows, List<Runnable> onCommit)
            throws SQLException {
        HeartbeatCopyInsert copy = HeartbeatCopyInsert.encode(rows);
        if (copy != null) {
            try {
                Recoveries recoveries = this.alerts.planRecoveries(connection, rows);
                recoveries.resolveStored(connection);
                WriteResult copied = copy.insert(connection, recoveries);
                runSteps(connection, rows, onCommit);
                return copied;
            }
            catch (SQLException ex) {
                if (!WriteFailures.isRecordRefusal(ex)) {
                    throw ex;
                }
                logger.debug("COPY could not load {} ({}); inserting it skipping stored keys", OffsetRanges.of(rows),
                        ex.getSQLState());
                connection.rollback();
                onCommit.clear();
            }
        }
        WriteResult inserted = HeartbeatInsert.insert(connection, rows);
        runSteps(connection, rows, onCommit);
        // A conflict stored as corrupted still counts here as the valid reading it read as: that only widens what
        // the resolution reads, which judges stored rows by their stored status.
        this.alerts.resolveRecovered(connection, rows);
        return inserted;
    }

    private void runSteps(Connection connection, List<HeartbeatRow> rows, List<Runnable> onCommit)
            throws SQLException {
        for (BatchTransactionStep step : this.steps) {
            onCommit.add(step.written(connection, rows));
        }
    }

    // Keeps the original failure as the one thrown; a failed rollback rides along as a suppressed exception.
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        }
        catch (SQLException ex) {
            failure.addSuppressed(ex);
        }
    }
}
