package io.heartbeat.consumer.ingest;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Stops the service when Kafka fenced its consumer for another one joined under the same CONSUMER_INSTANCE_ID
 * (docs/consumer.md, "Group membership"): the one fenced would otherwise run on, healthy and idle.
 */
@Component
class DuplicateInstanceGuard {

    /** The process's exit status when it stopped for a duplicate instance id. */
    static final int EXIT_CODE = 3;

    private static final Logger logger = LoggerFactory.getLogger(DuplicateInstanceGuard.class);

    private final ConfigurableApplicationContext context;

    private final ConsumerSettings settings;

    private final String instanceId;

    private final AtomicBoolean stopping = new AtomicBoolean();

    DuplicateInstanceGuard(ConfigurableApplicationContext context, ConsumerSettings settings,
            ConsumerFactory<?, ?> consumerFactory) {
        this.context = context;
        this.settings = settings;
        this.instanceId = String.valueOf(consumerFactory.getConfigurationProperties()
            .getOrDefault(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "(none)"));
    }

    /** Whether Kafka fenced this instance's consumer for a duplicate name. */
    boolean fenced() {
        return this.stopping.get();
    }

    @EventListener
    void onConsumerStopped(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
            stop();
        }
    }

    /**
     * Stops {@code container} and the service if {@code failure} says Kafka fenced this instance. The fence then
     * came in an offset commit, after a batch, where the container hands it to the error handler rather than
     * stopping: polling on would rejoin the group under the shared name and fence the other instance in turn.
     */
    boolean stopIfFenced(Throwable failure, MessageListenerContainer container) {
        if (!HeartbeatErrorHandler.causedBy(failure, FencedInstanceIdException.class)) {
            return false;
        }
        // From the listener thread: no waiting; the thread ends once the error handler returns.
        container.stopAbnormally(() -> { });
        stop();
        return true;
    }

    private void stop() {
        if (!this.stopping.compareAndSet(false, true)) {
            return;
        }
        logger.error("Another consumer joined group {} under this instance's id {} (CONSUMER_INSTANCE_ID) and Kafka "
                + "fenced this one; stopping with exit code {}. Give every running instance its own "
                + "CONSUMER_INSTANCE_ID", this.settings.groupId(), this.instanceId, EXIT_CODE);
        // Not on this thread: closing the context waits for the listener threads, this one among them.
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(this.context, () -> EXIT_CODE)),
                "duplicate-instance-exit");
        exit.start();
    }
}
