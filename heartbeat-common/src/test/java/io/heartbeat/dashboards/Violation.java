package io.heartbeat.dashboards;

/**
 * One thing in a provisioning file that Grafana would refuse, or load broken.
 *
 * @param file the file, relative to {@code grafana/}
 * @param where the entry in the file: a rule group, rule, contact point, datasource, dashboard or panel
 * @param message what is wrong, in Grafana's words where Grafana has words for it
 * @param mirrors the Grafana function (and its path in grafana/grafana or grafana/alerting) the check mirrors
 */
record Violation(String file, String where, String message, String mirrors) {

    @Override
    public String toString() {
        return this.file + ", " + this.where + ": " + this.message + " (" + this.mirrors + ")";
    }
}
