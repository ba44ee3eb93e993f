package io.heartbeat.consumer.config;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.config.UnexpectedSchemaException;
import io.heartbeat.consumer.batch.DayBoundStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the consumer's schema holds before its migrations, and the import of the original project's two tables
 * (docs/consumer.md, "Coming from the original project"). The import moves them, untouched, to schema
 * {@code original_pending}, migrates, copies every row at a real time in, a week of days a transaction, and last
 * renames that schema {@code original}: a run stopped before is taken up by the next {@code --import-original},
 * and refused by a plain start.
 */
final class OriginalTables {

    static final String PENDING_SCHEMA = "original_pending";

    static final String SCHEMA = "original";

    // A non-valid reading the original stored without an anomaly type: the schema wants one.
    static final String ANOMALY_NOT_RECORDED = "not_recorded";

    private static final Logger logger = LoggerFactory.getLogger(OriginalTables.class);

    // Every relation of the schema but indexes: tables, views, sequences.
    private static final String RELATIONS = """
            SELECT coalesce(array_agg(relname::text ORDER BY relname), '{}') FROM pg_class
            WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            """;

    // One statement reading the catalog tables, so one snapshot: read in two, a consumer starting next to another
    // that was migrating saw no history table, then the first migration's tables, and stopped as if they were the
    // original project's. The relations include Flyway's history table, which says the schema is the consumer's.
    private static final String INSPECT = """
            SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = '%1$s' AND c.relname = 'heartbeats'),
                   EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                           AND table_name = 'heartbeats' AND column_name = 'event_id'),
                   (%2$s)
            """.formatted(PENDING_SCHEMA, RELATIONS.strip());

    private static final String MOVE = """
            CREATE SCHEMA %1$s;
            ALTER TABLE heartbeat_alerts SET SCHEMA %1$s;
            ALTER TABLE heartbeats SET SCHEMA %1$s
            """.formatted(PENDING_SCHEMA);

    // The days the readings cover, in UTC as the partitions are. A reading at an infinite time has none: it stays
    // behind, as the automatic resolution, the rollup and the API work on real times only.
    private static final String DAYS = """
            SELECT DISTINCT (timestamp AT TIME ZONE 'UTC')::date FROM %1$s.heartbeats WHERE isfinite(timestamp)
            ORDER BY 1
            """.formatted(PENDING_SCHEMA);

    private static final String PARTITIONS = """
            SELECT count(*) FILTER (WHERE heartbeat_create_day_partitions(day)) FROM unnest(?::date[]) AS day
            """;

    // The readings' own ids and times. Rows copied by a run that failed later are skipped.
    private static final String COPY_READINGS = """
            INSERT INTO heartbeats (id, event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                    anomaly_type, raw_payload, created_at)
            OVERRIDING SYSTEM VALUE
            SELECT h.id, md5('original/heartbeats/' || h.id)::uuid, h.timestamp, h.patient_id, h.heartbeat_value,
                   h.validation_status,
                   CASE WHEN h.validation_status <> 'valid' THEN coalesce(h.anomaly_type, '%2$s') END,
                   h.raw_payload::text, coalesce(h.created_at, h.timestamp)
            FROM %1$s.heartbeats h WHERE %3$s
            ON CONFLICT DO NOTHING
            """;

    // One alert per reading, at its reading's time: the first of each; the rest stay behind, with those of no reading.
    // Each patient's oldest open alert is recorded as they go in (heartbeat_alerts_open_since, V12).
    private static final String COPY_ALERTS = """
            WITH added AS (
                INSERT INTO heartbeat_alerts (alert_id, heartbeat_id, timestamp, patient_id, heartbeat_value,
                                              alert_category, resolved_flag, created_at)
                OVERRIDING SYSTEM VALUE
                SELECT DISTINCT ON (a.heartbeat_id) a.alert_id, a.heartbeat_id, h.timestamp, a.patient_id,
                       a.heartbeat_value, a.alert_category, coalesce(a.resolved_flag, FALSE),
                       coalesce(a.created_at, h.created_at, h.timestamp)
                FROM %%1$s.heartbeat_alerts a JOIN %%1$s.heartbeats h ON h.id = a.heartbeat_id WHERE %%3$s
                ORDER BY a.heartbeat_id, a.alert_id
                ON CONFLICT DO NOTHING
                RETURNING patient_id, timestamp, resolved_flag
            ),
            %s
            SELECT count(*) FROM added
            """.formatted(DayBoundStatements.lowerOpenSince("added"));

    private static final String IN_DAYS = "h.timestamp >= ? AND h.timestamp < ?";

    private static final String SEQUENCES = """
            SELECT setval(pg_get_serial_sequence('heartbeats', 'id'), (SELECT max(id) FROM heartbeats)),
                   setval(pg_get_serial_sequence('heartbeat_alerts', 'alert_id'),
                          (SELECT max(alert_id) FROM heartbeat_alerts))
            """;

    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM heartbeats), (SELECT count(*) FROM heartbeat_alerts),
                   (SELECT count(*) FROM %1$s.heartbeats), (SELECT count(*) FROM %1$s.heartbeat_alerts)
            """.formatted(PENDING_SCHEMA);

    /**
     * Days copied in one transaction. All of them in one ran out of PostgreSQL's lock table (out of shared memory)
     * on two years of history: each day's partitions and their indexes are locked until the commit.
     */
    static final int DAYS_PER_TRANSACTION = 7;

    private static final String NOT_OURS = "holds tables Heartbeat Monitor did not make (%s) and no schema of"
            + " Heartbeat Monitor; give the consumer a database of its own";

    private static final String FINISH = "ALTER SCHEMA " + PENDING_SCHEMA + " RENAME TO " + SCHEMA;

    private final boolean migrated;

    private final boolean pending;

    private final boolean original;

    private final List<String> relations;

    private OriginalTables(boolean migrated, boolean pending, boolean original, List<String> relations) {
        this.migrated = migrated;
        this.pending = pending;
        this.original = original;
        this.relations = relations;
    }

    /** The schema as it is: Flyway's history table named {@code historyTable} says it is the consumer's. */
    static OriginalTables find(Connection connection, String historyTable) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(INSPECT)) {
            row.next();
            List<String> relations = Arrays.asList((String[]) row.getArray(3).getArray());
            boolean original = !row.getBoolean(2) && relations.containsAll(List.of("heartbeats", "heartbeat_alerts"));
            return new OriginalTables(relations.contains(historyTable), row.getBoolean(1), original, relations);
        }
    }

    /** Stops start-up unless the schema is the consumer's or empty, and no import is half done. */
    void refuseUnlessMigrated() {
        if (this.pending) {
            throw new UnexpectedSchemaException("Import unfinished", "holds the original project's tables in schema "
                    + PENDING_SCHEMA + ", not yet copied in; run the consumer with --import-original again to finish");
        }
        if (this.migrated) {
            return;
        }
        if (this.original) {
            throw new UnexpectedSchemaException("Original project's tables found", "holds heartbeats and"
                    + " heartbeat_alerts as the original project made them, and no schema of Heartbeat Monitor; run the"
                    + " consumer once with --import-original to move them to schema " + SCHEMA
                    + " and copy their rows in");
        }
        refuseAny(this.relations, NOT_OURS);
    }

    /** The import's first step: the original's tables to schema {@value #PENDING_SCHEMA}, and nothing else left. */
    void moveAside(Connection connection) {
        if (this.pending || this.migrated) {
            return;
        }
        if (!this.original) {
            refuseAny(this.relations, NOT_OURS);
            return;
        }
        try {
            inTransaction(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(MOVE);
                }
                List<String> left = relations(connection);
                refuseAny(left, "holds, besides the original project's tables, %s: move them to another schema or"
                        + " database, then run --import-original again");
                return left;
            });
        }
        catch (SQLException ex) {
            throw new UnexpectedSchemaException("Import failed", "could not move the original project's tables aside: "
                    + firstLine(ex) + "; nothing was moved. The import runs as the tables' owner, with CREATE on the"
                    + " database");
        }
    }

    /**
     * The last step: every row at a real time copied in, a week of days a transaction, then the original's tables
     * kept in schema {@value #SCHEMA}, which tells a finished import from a stopped one.
     */
    void copyIn(Connection connection) {
        if (!this.pending && !this.original) {
            logger.info("No tables of the original project to import");
            return;
        }
        try {
            List<LocalDate> days = days(connection);
            long partitions = 0;
            for (int from = 0; from < days.size(); from += DAYS_PER_TRANSACTION) {
                List<LocalDate> week = days.subList(from, Math.min(from + DAYS_PER_TRANSACTION, days.size()));
                partitions += inTransaction(connection, () -> copyDays(connection, week));
            }
            long created = partitions;
            inTransaction(connection, () -> finish(connection, created));
        }
        catch (SQLException ex) {
            throw new UnexpectedSchemaException("Import failed", "could not copy the original project's rows in: "
                    + firstLine(ex) + "; the days copied so far stay, and"
                    + " --import-original copies the rest");
        }
    }

    // Their partitions, their readings, their readings' alerts; the number of partitions created.
    private static long copyDays(Connection connection, List<LocalDate> days) throws SQLException {
        long created;
        try (PreparedStatement statement = connection.prepareStatement(PARTITIONS)) {
            statement.setArray(1, connection.createArrayOf("date", days.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                created = row.getLong(1);
            }
        }
        OffsetDateTime from = days.get(0).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime until = days.get(days.size() - 1).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        copy(connection, IN_DAYS, from, until);
        return created;
    }

    // The sequences past the copied ids, and the schema's new name; the readings copied.
    private static long finish(Connection connection, long partitions) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(SEQUENCES);
            long readings;
            try (ResultSet row = statement.executeQuery(COUNTS)) {
                row.next();
                readings = row.getLong(1);
                logger.info("Imported the original project's tables: {} readings and {} alerts, {} day partitions"
                        + " created; {} alerts left in {}.heartbeat_alerts (of no reading, a reading's second, or a"
                        + " reading left); {} readings left in {}.heartbeats (at an infinite time); the original"
                        + " tables are kept there", readings, row.getLong(2), partitions,
                        row.getLong(4) - row.getLong(2), SCHEMA, row.getLong(3) - readings, SCHEMA);
            }
            statement.execute(FINISH);
            return readings;
        }
    }

    private static void copy(Connection connection, String where, Object... bounds) throws SQLException {
        for (String sql : List.of(COPY_READINGS, COPY_ALERTS)) {
            try (PreparedStatement statement = connection.prepareStatement(
                    sql.formatted(PENDING_SCHEMA, ANOMALY_NOT_RECORDED, where))) {
                for (int i = 0; i < bounds.length; i++) {
                    statement.setObject(i + 1, bounds[i]);
                }
                statement.execute();
            }
        }
    }

    private static List<LocalDate> days(Connection connection) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(DAYS)) {
            while (rows.next()) {
                days.add(rows.getObject(1, LocalDate.class));
            }
        }
        return days;
    }

    private static String firstLine(SQLException failure) {
        return failure.getMessage().lines().findFirst().orElse("");
    }

    private static List<String> relations(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(RELATIONS)) {
            row.next();
            Array names = row.getArray(1);
            return Arrays.asList((String[]) names.getArray());
        }
    }

    private static void refuseAny(List<String> relations, String message) {
        if (!relations.isEmpty()) {
            throw new UnexpectedSchemaException("Database in use", message.formatted(String.join(", ", relations)));
        }
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        }
        catch (SQLException | RuntimeException ex) {
            connection.rollback();
            throw ex;
        }
        finally {
            connection.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {

        T run() throws SQLException;
    }
}
