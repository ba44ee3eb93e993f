package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.heartbeat.dashboards.ProvisioningVariants.messages;
import static io.heartbeat.dashboards.ProvisioningVariants.policyTree;
import static io.heartbeat.dashboards.ProvisioningVariants.webhook;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variants of the contact points and the notification policy tree that Grafana refuses, each rejected by
 * {@link NotificationChecks} with Grafana's message.
 */
class NotificationChecksTests {

    private static final String WEBHOOK_FAILS = "heartbeat-webhook: failed to validate integration"
            + " \"heartbeat-webhook\" (UID heartbeat-webhook) of type ";

    private final GrafanaFiles files = GrafanaFiles.load();

    @Test
    void aWebhookWithoutUrlIsRefused() {
        this.files.environment().remove("ALERT_WEBHOOK_URL");

        assertThat(messages(this.files)).containsExactly(WEBHOOK_FAILS + "\"webhook\": required field 'url' is not"
                + " specified");
    }

    @Test
    void anEmptyWebhookUrlVariableIsRefusedToo() {
        this.files.environment().put("ALERT_WEBHOOK_URL", "");

        assertThat(messages(this.files)).containsExactly(WEBHOOK_FAILS + "\"webhook\": required field 'url' is not"
                + " specified");
    }

    @Test
    void otherTypesNeedTheirOwnSettings() {
        webhook(this.files).put("type", "email");

        assertThat(messages(this.files)).containsExactly(WEBHOOK_FAILS + "\"email\": could not find addresses in"
                + " settings");
    }

    @Test
    void aSlackIntegrationNeedsAWebhookUrlOrATokenAndRecipient() {
        webhook(this.files).put("type", "slack");
        webhook(this.files).put("settings", Map.of("token", "xoxb-1"));

        assertThat(messages(this.files)).containsExactly(WEBHOOK_FAILS + "\"slack\": recipient must be specified when"
                + " using the Slack chat API");
    }

    @Test
    void anUnknownTypeIsRefused() {
        webhook(this.files).put("type", "pager");

        assertThat(messages(this.files)).containsExactly(WEBHOOK_FAILS + "\"pager\": notifier pager is not supported");
    }

    @Test
    void anIntegrationWithoutUidTypeOrSettingsIsRefused() {
        webhook(this.files).put("uid", " ");
        webhook(this.files).remove("settings");

        assertThat(messages(this.files)).containsExactly("heartbeat-webhook: no uid is set",
                "heartbeat-webhook: no settings are set");
    }

    @Test
    void aPolicyNamingAContactPointThatDoesNotExistIsRefused() {
        policyTree(this.files).put("receiver", "pager");

        assertThat(messages(this.files))
            .containsExactly("invalid object specification: receiver 'pager' does not exist");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNestedPolicyIsHeldToTheSameRules() {
        Map<String, Object> child = ((List<Map<String, Object>>) policyTree(this.files).get("routes")).get(0);
        child.put("receiver", "on-call");
        child.put("repeat_interval", "0s");
        child.put("group_wait", "10");

        assertThat(messages(this.files)).containsExactly(
                "invalid object specification: receiver 'on-call' does not exist",
                "not a valid duration string: \"10\"", "repeat_interval cannot be zero");
    }

    @Test
    void theRootPolicyNeedsAReceiverAndNoMatchers() {
        policyTree(this.files).remove("receiver");
        policyTree(this.files).put("object_matchers", List.of(List.of("severity", "=", "critical")));

        assertThat(messages(this.files)).containsExactly("root route must specify a default receiver",
                "root route must not have any matchers");
    }
}
