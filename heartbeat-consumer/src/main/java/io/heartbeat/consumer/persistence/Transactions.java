package io.heartbeat.consumer.persistence;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One short transaction on a connection of its own, for the jobs beside the writer (the partition job, the rollup):
 * committed when the work returns, rolled back when it throws.
 */
public final class Transactions {

    private Transactions() {
    }

    /** Runs {@code work} in one transaction and returns what it returns. */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            }
            catch (SQLException | RuntimeException ex) {
                try {
                    connection.rollback();
                }
                catch (SQLException rollback) {
                    ex.addSuppressed(rollback);
                }
                throw ex;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {

        T run(Connection connection) throws SQLException;
    }
}
