package io.heartbeat.dashboards;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What PostgreSQL returned for one query: column names, whether each is numeric (Grafana's value columns) and the
 * rows, rendered as text for exact assertions.
 */
record QueryResult(List<String> columns, List<Boolean> numeric, List<List<Object>> rows) {

    private static final Set<Integer> NUMERIC_TYPES = Set.of(Types.BIGINT, Types.INTEGER, Types.SMALLINT,
            Types.NUMERIC, Types.DECIMAL, Types.DOUBLE, Types.REAL, Types.FLOAT);

    static QueryResult run(DataSource dataSource, String sql) {
        return new JdbcTemplate(dataSource).query(sql, QueryResult::read);
    }

    private static QueryResult read(ResultSet resultSet) throws SQLException {
        ResultSetMetaData meta = resultSet.getMetaData();
        List<String> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
            numeric.add(NUMERIC_TYPES.contains(meta.getColumnType(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                row.add(resultSet.getObject(i));
            }
            rows.add(row);
        }
        return new QueryResult(columns, numeric, rows);
    }

    /**
     * Each row as {@code value|value|...}: numbers without trailing zeros, timestamps and the {@code time} column
     * (epoch seconds from $__timeGroupAlias) as UTC instants.
     */
    List<String> rendered() {
        return this.rows.stream()
            .map((row) -> {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.size(); i++) {
                    cells.add(render(this.columns.get(i), row.get(i)));
                }
                return String.join("|", cells);
            })
            .toList();
    }

    /** Values of one column, rendered. */
    List<String> column(String name) {
        int index = this.columns.indexOf(name);
        return this.rows.stream().map((row) -> render(name, row.get(index))).toList();
    }

    private static String render(String column, Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString()).stripTrailingZeros();
            return column.equals("time") ? Instant.ofEpochSecond(decimal.longValueExact()).toString()
                    : decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
