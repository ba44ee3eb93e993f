package io.heartbeat.consumer.api;

import java.util.List;

/**
 * One page of alerts, newest first.
 *
 * @param items the alerts of this page
 * @param page the page number, from 0
 * @param size the most alerts a page holds
 * @param hasNext whether a next page has alerts
 */
public record AlertPage(List<AlertView> items, int page, int size, boolean hasNext) {
}
