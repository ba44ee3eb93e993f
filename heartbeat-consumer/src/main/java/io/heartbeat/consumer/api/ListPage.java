package io.heartbeat.consumer.api;

import java.util.List;

/**
 * One page, from 0, of a list of {@code T} the API answers (alerts, alarms), newest first: no total
 * (docs/alerts-api.md, "The alerts API").
 */
public record ListPage<T>(List<T> items, int page, int size, boolean hasNext) {
}
