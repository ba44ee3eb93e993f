package io.heartbeat.consumer.ingest;

import java.util.concurrent.atomic.AtomicBoolean;

import io.heartbeat.config.KafkaBrokers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Stops the service on a Kafka error that consuming on cannot mend (docs/consumer.md, "Group membership"): Kafka
 * fenced its consumer for another one joined under the same CONSUMER_INSTANCE_ID, where the one fenced would run on,
 * healthy and idle; or the broker is too old for a request of the consumer, which the listener would retry in a
 * loop with no pause, logging each time.
 */
@Component
class FatalKafkaErrors {

    /** The process's exit status when it stopped for a duplicate instance id. */
    static final int DUPLICATE_INSTANCE_EXIT_CODE = 3;

    /** The process's exit status when the broker is too old, as for any start-up that failed. */
    static final int BROKER_TOO_OLD_EXIT_CODE = 1;

    private static final Logger logger = LoggerFactory.getLogger(FatalKafkaErrors.class);

    private final ConfigurableApplicationContext context;

    private final ConsumerSettings settings;

    private final String instanceId;

    private final AtomicBoolean stopping = new AtomicBoolean();

    FatalKafkaErrors(ConfigurableApplicationContext context, ConsumerSettings settings,
            ConsumerFactory<?, ?> consumerFactory) {
        this.context = context;
        this.settings = settings;
        this.instanceId = String.valueOf(consumerFactory.getConfigurationProperties()
            .getOrDefault(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "(none)"));
    }

    /** Whether the service is stopping for one of these errors; then it does not leave the group either. */
    boolean stopping() {
        return this.stopping.get();
    }

    @EventListener
    void onConsumerStopped(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
            stopForDuplicate();
        }
    }

    /**
     * Stops {@code container} and the service if {@code failure} is one of these errors. A fence can come in an
     * offset commit, after a batch, where the container hands it to the error handler rather than stopping: polling
     * on would rejoin the group under the shared name and fence the other instance in turn.
     */
    boolean stopIfFatal(Throwable failure, MessageListenerContainer container) {
        boolean fenced = HeartbeatErrorHandler.causedBy(failure, FencedInstanceIdException.class);
        if (!fenced && !HeartbeatErrorHandler.causedBy(failure, UnsupportedVersionException.class)) {
            return false;
        }
        // From the listener thread: no waiting; the thread ends once the error handler returns.
        container.stopAbnormally(() -> { });
        if (fenced) {
            stopForDuplicate();
        }
        else {
            stop(KafkaBrokers.tooOld(this.context.getEnvironment(),
                    NestedExceptionUtils.getMostSpecificCause(failure).getMessage()) + "; stopping with exit code "
                    + BROKER_TOO_OLD_EXIT_CODE, BROKER_TOO_OLD_EXIT_CODE);
        }
        return true;
    }

    private void stopForDuplicate() {
        stop("Another consumer joined group " + this.settings.groupId() + " under this instance's id "
                + this.instanceId + " (CONSUMER_INSTANCE_ID) and Kafka fenced this one; stopping with exit code "
                + DUPLICATE_INSTANCE_EXIT_CODE + ". Give every running instance its own CONSUMER_INSTANCE_ID",
                DUPLICATE_INSTANCE_EXIT_CODE);
    }

    private void stop(String reason, int exitCode) {
        if (!this.stopping.compareAndSet(false, true)) {
            return;
        }
        logger.error("{}", reason);
        // Not on this thread: closing the context waits for the listener threads, this one among them.
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(this.context, () -> exitCode)),
                "fatal-kafka-error-exit");
        exit.start();
    }
}
