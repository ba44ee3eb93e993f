package io.heartbeat.consumer.api;

import java.util.List;

/**
 * One page of a list the API answers (alerts, alarms), newest first.
 *
 * @param <T> what the list holds
 * @param items the items of this page
 * @param page the page number, from 0
 * @param size the most items a page holds
 * @param hasNext whether a next page has items
 */
public record ListPage<T>(List<T> items, int page, int size, boolean hasNext) {
}
