package io.heartbeat.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the benchmark asks of PostgreSQL, on a real server: the rollup job's calls from its own statistics (none where
 * the database does not track function calls, and each call that ended where it does), and the days kept.
 */
class BenchDatabaseIntegrationTests {

    // The caller's statistics reach the shared ones when its backend ends, shortly after its connection closes.
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void countsTheRollupCallsThatEndedWhereTheDatabaseTracksThem() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        DataSource dataSource = database.dataSource();
        try (Connection reader = dataSource.getConnection()) {
            assertThat(BenchDatabase.rollupCalls(reader)).isEmpty();
        }
        execute(dataSource, "ALTER DATABASE " + database.name() + " SET track_functions = 'pl'");
        BenchDatabase.RollupCalls before;
        try (Connection reader = dataSource.getConnection()) {
            before = BenchDatabase.rollupCalls(reader).orElseThrow();
        }
        assertThat(before.calls()).isZero();

        execute(dataSource, "SELECT heartbeat_minutes_refresh('-infinity', 'infinity')",
                "SELECT heartbeat_minutes_refresh('-infinity', 'infinity')");

        try (Connection reader = dataSource.getConnection()) {
            long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
            Optional<BenchDatabase.RollupCalls> after = BenchDatabase.rollupCalls(reader);
            while (after.orElseThrow().calls() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                after = BenchDatabase.rollupCalls(reader);
            }
            Map<String, Object> since = after.orElseThrow().since(before);
            assertThat(since).containsEntry("calls", 2L).containsKey("seconds");
            assertThat((double) since.get("seconds")).isNotNegative().isLessThan(FLUSH_TIMEOUT.toSeconds());
        }
    }

    @Test
    void createsTheDaysKeptBeforeTodayEachOnce() throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        try (Connection connection = database.dataSource().getConnection()) {
            assertThat(BenchDatabase.createDaysBefore(connection, 5)).isEqualTo(5);
            assertThat(BenchDatabase.createDaysBefore(connection, 7)).isEqualTo(2);

            LocalDate today = LocalDate.parse(strings(connection, "SELECT (now() AT TIME ZONE 'UTC')::date").get(0));
            for (String table : List.of("heartbeats", "heartbeat_alerts")) {
                String todays = table + "_p" + today.format(DateTimeFormatter.BASIC_ISO_DATE);
                assertThat(strings(connection, "SELECT c.relname FROM pg_inherits i JOIN pg_class c"
                        + " ON c.oid = i.inhrelid WHERE i.inhparent = '" + table + "'::regclass"
                        + " AND c.relname LIKE '" + table + "\\_p%' AND c.relname < '" + todays + "' ORDER BY 1"))
                    .containsExactlyElementsOf(today.minusDays(7).datesUntil(today)
                        .map((day) -> table + "_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE))
                        .toList());
            }
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    // On a connection of its own, which reads the database's settings anew.
    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
