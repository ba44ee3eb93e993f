package io.heartbeat.dashboards;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database the scale benchmark loads: a new one on the server POSTGRES_HOST names (POSTGRES_PORT, POSTGRES_DB
 * to connect first, POSTGRES_USER, POSTGRES_PASSWORD, the consumer's defaults), dropped afterwards; without
 * POSTGRES_HOST a new one on the tests' server ({@link TestPostgres}: embedded without Docker). Either way migrated
 * by the project's Flyway migrations, so it measures whatever schema they make. With SCALE_KEEP_DATABASE=true the
 * database on POSTGRES_HOST is kept, for looking at the plans afterwards.
 */
record ScaleDatabase(TestPostgres.Database database, boolean external) implements AutoCloseable {

    static ScaleDatabase create() {
        String host = System.getenv("POSTGRES_HOST");
        if (host == null || host.isBlank()) {
            return new ScaleDatabase(TestPostgres.freshDatabase().migrate(), false);
        }
        TestPostgres.Database admin = new TestPostgres.Database(host, Integer.parseInt(env("POSTGRES_PORT", "5432")),
                env("POSTGRES_DB", "heartbeat_db"), env("POSTGRES_USER", "heartbeat_user"),
                env("POSTGRES_PASSWORD", "heartbeat_pass"));
        String name = "heartbeat_scale_" + System.currentTimeMillis();
        execute(admin.dataSource(), "CREATE DATABASE " + name);
        TestPostgres.Database database = new TestPostgres.Database(admin.host(), admin.port(), name, admin.user(),
                admin.password());
        return new ScaleDatabase(database.migrate(), true);
    }

    DataSource owner() {
        return this.database.dataSource();
    }

    /** Bytes on disk of a table with its indexes and TOAST, summed over its partitions if it has any. */
    // pg_partition_tree lists nothing for a table that is not partitioned
    long bytes(String table) {
        return new JdbcTemplate(owner()).queryForObject(
                "SELECT sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c WHERE c.oid = ?::regclass"
                        + " OR c.oid IN (SELECT relid FROM pg_partition_tree(?::regclass))",
                Long.class, table, table);
    }

    long rows(String table) {
        return new JdbcTemplate(owner()).queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    /** The server's version and the settings that decide a query's cost. */
    Map<String, Object> describe() {
        Map<String, Object> server = new LinkedHashMap<>();
        JdbcTemplate jdbc = new JdbcTemplate(owner());
        server.put("version", jdbc.queryForObject("SHOW server_version", String.class));
        for (String setting : new String[] { "shared_buffers", "work_mem", "effective_cache_size",
                "max_parallel_workers_per_gather", "random_page_cost", "jit" }) {
            server.put(setting, jdbc.queryForObject("SHOW " + setting, String.class));
        }
        server.put("server", this.external ? "POSTGRES_HOST" : "TestPostgres (embedded without a Docker engine)");
        server.put("schema_version", jdbc.queryForObject("SELECT max(version::int) FROM flyway_schema_history"
                + " WHERE version IS NOT NULL", Integer.class));
        return server;
    }

    @Override
    public void close() {
        if (this.external && Boolean.parseBoolean(env("SCALE_KEEP_DATABASE", "false"))) {
            LoggerFactory.getLogger(ScaleDatabase.class).info("Kept database {} on {}:{} (SCALE_KEEP_DATABASE)",
                    this.database.name(), this.database.host(), this.database.port());
        }
        else if (this.external) {
            TestPostgres.Database admin = new TestPostgres.Database(this.database.host(), this.database.port(),
                    env("POSTGRES_DB", "heartbeat_db"), this.database.user(), this.database.password());
            execute(admin.dataSource(), "DROP DATABASE IF EXISTS " + this.database.name());
        }
    }

    private static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return (value == null || value.isBlank()) ? defaultValue : value;
    }
}
