package io.heartbeat.consumer.api;

import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The page of a list a request asks for, read with one row more than it shows, so that it says whether more follow
 * without counting the whole table.
 *
 * @param page the page number, from 0
 * @param size the most items a page holds
 */
record Paging(int page, int size) {

    static final int MAX_PAGE_SIZE = 500;

    static final int MAX_PAGE = 1000;

    /** What ends the query of a page, after its ORDER BY. */
    static final String LIMIT = " LIMIT :limit OFFSET :offset";

    /** This page of what {@code query}, which ends in {@link #LIMIT}, reads. */
    <T> ListPage<T> read(JdbcClient.StatementSpec query, RowMapper<T> rows) {
        List<T> fetched = query.param("limit", this.size + 1)
            .param("offset", (long) this.page * this.size)
            .query(rows)
            .list();
        boolean hasNext = fetched.size() > this.size;
        return new ListPage<>(hasNext ? fetched.subList(0, this.size) : fetched, this.page, this.size, hasNext);
    }
}
