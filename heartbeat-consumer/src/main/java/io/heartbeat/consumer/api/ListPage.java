package io.heartbeat.consumer.api;

import java.util.List;

/**
 * One page, from 0, of a list the API answers (alerts, alarms), newest first: no total (docs/alerts-api.md, "The
 * alerts API").
 *
 * @param <T> what the list holds
 */
public record ListPage<T>(List<T> items, int page, int size, boolean hasNext) {
}
