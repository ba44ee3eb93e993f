package io.heartbeat.consumer.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.heartbeat.consumer.ingest.PollFailures;
import io.heartbeat.health.LazyAdmin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerRetryAuthSuccessfulEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Health of the heartbeat listener, component {@code listener} (docs/consumer.md, "Metrics and health").
 */
class ListenerHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final Supplier<MessageListenerContainer> container;

    private final String groupId;

    private final LazyAdmin admin;

    private final int lagTimeoutMillis;

    private final CommitStall stall;

    private final PollFailures pollFailures;

    // The consumer threads Kafka refused (a missing ACL, a login it no longer takes); they retry, as configured.
    private final Set<Object> refused = ConcurrentHashMap.newKeySet();

    ListenerHealthIndicator(Supplier<MessageListenerContainer> container, String groupId,
            Map<String, Object> adminSettings, ListenerHealthSettings settings, PollFailures pollFailures) {
        super("Could not read the listener's lag");
        this.container = container;
        this.groupId = groupId;
        this.admin = new LazyAdmin(adminSettings, "heartbeat-listener-health");
        this.lagTimeoutMillis = (int) settings.lagTimeout().toMillis();
        this.stall = new CommitStall(settings.stallTimeout());
        this.pollFailures = pollFailures;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        MessageListenerContainer listener = this.container.get();
        if (listener == null || !isRunning(listener)) {
            builder.down().withDetail("reason", "listener container stopped");
            return;
        }
        if (!this.refused.isEmpty()) {
            builder.down().withDetail("reason", "Kafka refused " + this.refused.size()
                    + " consumer thread(s) (authentication or authorization; the log says which); retrying");
            return;
        }
        Optional<String> failing = this.pollFailures.recent();
        if (failing.isPresent()) {
            builder.down().withDetail("reason", failing.get() + "; polling again");
            return;
        }
        List<TopicPartition> partitions = List.copyOf(listener.getAssignedPartitions());
        if (partitions.isEmpty()) {
            builder.up().withDetail("partitions", 0);
            return;
        }
        Map<TopicPartition, Long> committed = committed(partitions);
        Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin.get()
            .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), (p) -> OffsetSpec.latest())),
                    new ListOffsetsOptions().timeoutMs(this.lagTimeoutMillis))
            .all().get(this.lagTimeoutMillis, TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            lag += Math.max(0, ends.get(partition).offset() - Math.max(0, committed.get(partition)));
        }
        Duration waited = this.stall.observe(committed, lag, Instant.now());
        builder.withDetail("partitions", partitions.size()).withDetail("lag", lag);
        if (this.stall.isStalled(waited)) {
            builder.down().withDetail("reason", "no offset committed for " + waited.toSeconds() + " s while "
                    + lag + " records wait (stall timeout " + this.stall.timeout().toSeconds() + " s)");
        }
        else {
            builder.up();
        }
    }

    @EventListener
    void onRefused(ConsumerRetryAuthEvent event) {
        this.refused.add(event.getSource());
    }

    @EventListener
    void onAdmitted(ConsumerRetryAuthSuccessfulEvent event) {
        this.refused.remove(event.getSource());
    }

    // A concurrent container keeps running when one of its consumer threads stopped (a fatal consumer error).
    private static boolean isRunning(MessageListenerContainer listener) {
        if (!listener.isRunning()) {
            return false;
        }
        if (listener instanceof ConcurrentMessageListenerContainer<?, ?> concurrent) {
            return concurrent.getContainers().stream().allMatch(MessageListenerContainer::isRunning);
        }
        return true;
    }

    // -1 for a partition the group never committed: any record there waits.
    private Map<TopicPartition, Long> committed(List<TopicPartition> partitions) throws Exception {
        var spec = Map.of(this.groupId, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions));
        Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.get()
            .listConsumerGroupOffsets(spec, new ListConsumerGroupOffsetsOptions().timeoutMs(this.lagTimeoutMillis))
            .partitionsToOffsetAndMetadata(this.groupId).get(this.lagTimeoutMillis, TimeUnit.MILLISECONDS);
        return partitions.stream().collect(Collectors.toMap(Function.identity(),
                (partition) -> (offsets.get(partition) != null) ? offsets.get(partition).offset() : -1L));
    }

    @Override
    public void destroy() {
        this.admin.close();
    }
}
