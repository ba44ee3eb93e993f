package io.heartbeat.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollup job's calls as the benchmark counts them, from PostgreSQL's own statistics, on a real server: none
 * where the database does not track function calls, and each call that ended where it does.
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

    // On a connection of its own, which reads the database's settings anew.
    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
