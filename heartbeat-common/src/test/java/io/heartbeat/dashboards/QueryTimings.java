package io.heartbeat.dashboards;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Times one SQL text on one open connection, as Grafana's datasource sends it every refresh: one untimed run to
 * warm the cache and plan, then {@code repetitions} timed runs, each until its last row is read.
 */
final class QueryTimings {

    private final Connection connection;

    private final int repetitions;

    QueryTimings(Connection connection, int repetitions) {
        if (repetitions < 1) {
            throw new IllegalArgumentException("At least one repetition, was " + repetitions);
        }
        this.connection = connection;
        this.repetitions = repetitions;
    }

    Timing time(String sql) {
        try (Statement statement = this.connection.createStatement()) {
            List<String> firstColumn = run(statement, sql);
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < this.repetitions; i++) {
                long began = System.nanoTime();
                run(statement, sql);
                millis.add((System.nanoTime() - began) / 1e6);
            }
            return Timing.of(millis, firstColumn);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Query failed: " + ex.getMessage() + "\n" + sql, ex);
        }
    }

    private static List<String> run(Statement statement, String sql) throws SQLException {
        List<String> firstColumn = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    rows.getObject(i);
                }
                firstColumn.add(rows.getString(1));
            }
        }
        return firstColumn;
    }

    /**
     * The timed runs of one query.
     *
     * @param firstColumn the first column of its rows (a variable's options)
     */
    record Timing(double medianMs, double maxMs, int runs, List<String> firstColumn) {

        Timing {
            firstColumn = List.copyOf(firstColumn);
        }

        static Timing of(List<Double> millis, List<String> firstColumn) {
            List<Double> sorted = millis.stream().sorted().toList();
            int n = sorted.size();
            double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Timing(median, sorted.get(n - 1), n, firstColumn);
        }

        int rows() {
            return this.firstColumn.size();
        }
    }
}
