package io.heartbeat.consumer.config;

import java.util.Map;

import io.heartbeat.consumer.ingest.BatchRetries;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.consumer.ingest.DeadLetters;
import io.heartbeat.consumer.persistence.RecordRefusedException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The listener's one error handler, which Boot puts on the container factory. A record PostgreSQL refused is
 * dead-lettered at once; any other failure retries the whole batch, paused, forever, with a capped back-off.
 */
@Configuration(proxyBeanMethods = false)
class ErrorHandlingConfiguration {

    @Bean
    DefaultErrorHandler heartbeatErrorHandler(DeadLetters deadLetters, BatchRetries retries,
            ConsumerSettings consumer) {
        ExponentialBackOff backOff = new ExponentialBackOff(consumer.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(consumer.retryMaxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
        // Without the framework's defaults, nothing is skipped for being unexpected: only a refusal is final.
        handler.setClassifications(Map.of(), true);
        handler.addNotRetryableExceptions(RecordRefusedException.class);
        handler.setRetryListeners(retries);
        // After a dead-lettered record the handler re-seeks the rest with an exception; DeadLetters and
        // BatchRetries already said what happened, in one WARN line each.
        handler.setLogLevel(KafkaException.Level.DEBUG);
        return handler;
    }
}
