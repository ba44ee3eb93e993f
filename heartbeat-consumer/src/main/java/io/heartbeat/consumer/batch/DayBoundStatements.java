package io.heartbeat.consumer.batch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.postgresql.PGStatement;

/**
 * Statements over the day partitions that carry constant time bounds, planned by PostgreSQL anew for each run with
 * the bounds' values, so that it rules out the days outside them before it locks any. A cached generic plan knows
 * its bounds only when it runs, and by then it has locked every day kept, each partition and index, until the
 * transaction ends (docs/consumer.md, "Many days kept").
 */
public final class DayBoundStatements {

    private DayBoundStatements() {
    }

    /**
     * A common table expression, {@code lowered}, that lowers each patient's {@code heartbeat_alerts_open_since}
     * (V12) to its oldest open alert among {@code added}, the rows an {@code INSERT INTO heartbeat_alerts} returned
     * ({@code patient_id, timestamp, resolved_flag}): the fallback statement and the import carry it. A patient
     * whose open_since is as early already is left alone, not even locked. A batch that COPY loads is planned before
     * it is written, so the resolution lowers open_since for it instead, only where needed (Recoveries): in the
     * alerts' statement this cost PostgreSQL more than the insert did, and a trigger as much (docs/decisions.md).
     */
    public static String lowerOpenSince(String added) {
        return """
                lowered AS (
                    INSERT INTO heartbeat_alerts_open_since AS s (patient_id, open_since)
                    SELECT a.patient_id, min(a.timestamp) FROM %1$s a
                    WHERE NOT a.resolved_flag AND a.patient_id IS NOT NULL
                    GROUP BY a.patient_id
                    HAVING NOT EXISTS (SELECT 1 FROM heartbeat_alerts_open_since k
                                       WHERE k.patient_id = a.patient_id AND k.open_since <= min(a.timestamp))
                    ORDER BY a.patient_id
                    ON CONFLICT (patient_id) DO UPDATE SET open_since = excluded.open_since
                    WHERE excluded.open_since < s.open_since
                )""".formatted(added);
    }

    /** {@code sql} prepared to be planned with its values on every run: never a named server-side statement. */
    public static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }

    /**
     * Binds the start of the UTC day that holds {@code epochMicros}, as a {@code timestamptz} value: the planner
     * prunes with it only as such, not as an expression it would compute when the statement runs. A day partition
     * is in or out whole, so a bound within a day rules out no more, and a narrow one lured the planner onto the
     * {@code timestamp} index of a partition without statistics (docs/consumer.md, "The write").
     */
    public static void setDayStart(PreparedStatement statement, int index, long epochMicros) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(Instant.EPOCH.plus(
                Math.floorDiv(epochMicros, EpochMicros.DAY) * EpochMicros.DAY, ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** Binds the start of the UTC day after the one that holds {@code epochMicros}: an exclusive upper bound. */
    public static void setDayEnd(PreparedStatement statement, int index, long epochMicros) throws SQLException {
        setDayStart(statement, index, epochMicros + EpochMicros.DAY);
    }
}
