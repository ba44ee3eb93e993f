package io.heartbeat.consumer.api;

import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table of things operators act on (alerts, alarms), its rows shown as {@code T}: pages of its rows, one row by id,
 * and an operator's action, which keeps the first (docs/alerts-api.md, "The alerts API").
 */
abstract class LifecycleTable<T> {

    static final int MAX_PAGE_SIZE = 500;

    static final int MAX_PAGE = 1000;

    private final JdbcClient jdbc;

    private final String select;

    private final String table;

    private final String noun;

    private final String idColumn;

    private final String orderBy;

    private final RowMapper<T> rows;

    /** {@code noun} is what a 404 calls a row; {@code orderBy}, newest first, must be unique: it ends in the id. */
    LifecycleTable(JdbcClient jdbc, String table, String noun, String idColumn, String columns, String orderBy,
            RowMapper<T> rows) {
        this.jdbc = jdbc;
        this.select = "SELECT " + columns + " FROM " + table + " ";
        this.table = table;
        this.noun = noun;
        this.idColumn = idColumn;
        this.orderBy = orderBy;
        this.rows = rows;
    }

    /**
     * The {@code page}'th page (from 0), of at most {@code size} rows, of the rows {@code where} selects; read with
     * one row more than it shows, so that it says whether more follow without counting the whole table.
     */
    ListPage<T> find(WhereClause where, int page, int size) {
        List<T> fetched = this.jdbc
            .sql(this.select + where.sql() + " ORDER BY " + this.orderBy + " LIMIT :limit OFFSET :offset")
            .params(where.parameters())
            .param("limit", size + 1)
            .param("offset", (long) page * size)
            .query(this.rows)
            .list();
        boolean hasNext = fetched.size() > size;
        return new ListPage<>(hasNext ? fetched.subList(0, size) : fetched, page, size, hasNext);
    }

    /** The row of {@code id}; refused with 404 when there is none. */
    T get(long id) {
        return this.jdbc.sql(this.select + "WHERE " + this.idColumn + " = :id")
            .param("id", id)
            .query(this.rows)
            .optional()
            .orElseThrow(() -> ApiProblems.notFound("No " + this.noun + " " + id));
    }

    /**
     * Sets {@code assignments}, which may read {@code :operator}, on the row of {@code id} if {@code condition}
     * holds; re-checked under the row's lock, so of two at once only the first changes it.
     */
    T record(long id, String operator, String assignments, String condition) {
        this.jdbc.sql("UPDATE " + this.table + " SET " + assignments + " WHERE " + this.idColumn + " = :id AND "
                + condition)
            .param("id", id)
            .param("operator", operator)
            .update();
        return get(id);
    }
}
