package io.heartbeat.testsupport;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The plans PostgreSQL prints for statements bound as the application binds them, to assert on what they read. */
public final class QueryPlans {

    private QueryPlans() {
    }

    /** Runs {@code explain}, an {@code EXPLAIN} of a statement already bound, and returns its plan a line per row. */
    public static String text(PreparedStatement explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet lines = explain.executeQuery()) {
            while (lines.next()) {
                plan.append(lines.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
