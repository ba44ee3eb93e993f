package io.heartbeat.consumer.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.errors.InconsistentGroupProtocolException;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * A failed poll of the listener (docs/consumer.md, "Errors"): the pause before the next, what to log, and the last
 * one, which the listener's health reports for as long as polls keep failing.
 */
@Component
public class PollFailures {

    private final Duration pause;

    private final String groupId;

    private final AtomicReference<Failure> last = new AtomicReference<>();

    PollFailures(ConsumerSettings settings) {
        this.pause = settings.retryMaxInterval();
        this.groupId = settings.groupId();
    }

    /** Why polls fail, if the last failed within two pauses of now: then they still do. */
    public Optional<String> recent() {
        Failure failure = this.last.get();
        if (failure == null || failure.at().isBefore(Instant.now().minus(this.pause.multipliedBy(2)))) {
            return Optional.empty();
        }
        return Optional.of(failure.reason());
    }

    Duration pause() {
        return this.pause;
    }

    /** Records {@code failure} and says, in one line, what it means. */
    String record(Throwable failure) {
        String reason;
        if (HeartbeatErrorHandler.causedBy(failure, InconsistentGroupProtocolException.class)) {
            reason = "Kafka refused this consumer's join: group " + this.groupId + " has members of another program,"
                    + " which assign partitions another way (the original project's consumer, say); stop them, or"
                    + " set CONSUMER_GROUP_ID to a group of this service's own";
        }
        else {
            Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
            reason = "Polling Kafka failed: " + root.getClass().getSimpleName() + ": " + root.getMessage();
        }
        this.last.set(new Failure(Instant.now(), reason));
        return reason;
    }

    private record Failure(Instant at, String reason) {
    }
}
