package io.heartbeat.consumer.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * On a graceful stop, once its listeners have stopped, takes this instance's static members out of the group, so the
 * others get its partitions at once (docs/consumer.md#group-membership). Not after a fence, since the name now
 * belongs to the other instance, nor on a broker too old for the request; and only where the listener runs:
 * {@code --init-db} must never take out the members of an instance it shares a name with.
 */
@Component
@ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
class GroupLeaver implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(GroupLeaver.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final KafkaAdmin kafkaAdmin;

    private final String groupId;

    private final List<String> memberNames;

    private final FatalKafkaErrors fatal;

    private volatile boolean running;

    // The members are <instance id>-<thread>, as spring-kafka names them; a dynamic member leaves by itself.
    GroupLeaver(KafkaAdmin kafkaAdmin, ConsumerFactory<?, ?> consumerFactory, ConsumerSettings settings,
            FatalKafkaErrors fatal) {
        Object instanceId = consumerFactory.getConfigurationProperties().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        this.kafkaAdmin = kafkaAdmin;
        this.groupId = settings.groupId();
        this.memberNames = (instanceId != null) ? IntStream.range(0, settings.concurrency())
            .mapToObj((thread) -> instanceId + "-" + thread).toList() : List.of();
        this.fatal = fatal;
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.memberNames.isEmpty() || this.fatal.stopping()) {
            return;
        }
        Map<String, Object> config = new HashMap<>(this.kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.removeMembersFromConsumerGroup(this.groupId, new RemoveMembersFromConsumerGroupOptions(
                    this.memberNames.stream().map(MemberToRemove::new).toList()))
                .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            logger.info("Left group {} as {}: the other members take its partitions now", this.groupId,
                    this.memberNames);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.warn("Could not leave group {} as {}; its partitions wait for the session to expire: {}",
                    this.groupId, this.memberNames, (ex.getCause() != null) ? ex.getCause() : ex);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    // Stopped after the listener containers (higher phases stop first), when no consumer of ours is left.
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 100;
    }
}
