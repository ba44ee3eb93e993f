package io.heartbeat.consumer.config;

import java.util.Map;

import io.heartbeat.consumer.ingest.BatchRetries;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.consumer.ingest.DeadLetters;
import io.heartbeat.consumer.persistence.RecordRefusedException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener's one error handler, which Boot puts on the container factory. A record PostgreSQL refused is
 * dead-lettered at once; a record that failed on its own after {@code record-attempts} attempts; any other failure
 * (the database) retries the whole batch, paused, forever, with a capped back-off.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

    @Bean
    DefaultErrorHandler heartbeatErrorHandler(DeadLetters deadLetters, BatchRetries retries,
            ConsumerSettings consumer) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff(consumer, Long.MAX_VALUE));
        // Without the framework's defaults, nothing is skipped for being unexpected: only a refusal is final.
        handler.setClassifications(Map.of(), true);
        handler.addNotRetryableExceptions(RecordRefusedException.class);
        // The listener names a record (BatchListenerFailedException) only once the failure repeats for it alone;
        // it then gets a bounded number of attempts. Anything else, the database away, keeps the endless one.
        BackOff recordBackOff = backOff(consumer, consumer.recordAttempts() - 1);
        handler.setBackOffFunction((record, failure) -> namesRecord(failure) ? recordBackOff : null);
        handler.setRetryListeners(retries);
        // After a dead-lettered record the handler re-seeks the rest with an exception; DeadLetters and
        // BatchRetries already said what happened, in one WARN line each.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }

    // maxRetries after the first failure, 0.5 s doubling to retry-max-interval apart.
    private static BackOff backOff(ConsumerSettings consumer, long maxRetries) {
        ExponentialBackOff backOff = new ExponentialBackOff(consumer.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(consumer.retryMaxInterval().toMillis());
        backOff.setMaxAttempts(maxRetries);
        return backOff;
    }

    private static boolean namesRecord(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException) {
                return true;
            }
        }
        return false;
    }
}
