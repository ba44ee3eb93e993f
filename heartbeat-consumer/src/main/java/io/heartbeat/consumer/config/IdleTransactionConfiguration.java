package io.heartbeat.consumer.config;

import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.consumer.ingest.ConsumerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Has PostgreSQL end a transaction of this consumer that sends nothing for CONSUMER_IDLE_TRANSACTION_TIMEOUT
 * ({@code idle_in_transaction_session_timeout}), so that a frozen consumer cannot hold the rows it inserted locked.
 * <p>
 * A consumer frozen between two statements of a batch (a stop-the-world pause, a stalled VM, SIGSTOP) keeps its
 * transaction open; the member that took over its partitions writes the same records again and waits on those
 * locks for as long as the freeze lasts, forever if it never ends (docs/reliability.md, zombie consumer).
 */
@Configuration(proxyBeanMethods = false)
class IdleTransactionConfiguration {

    private static final String OPTIONS = "options";

    @Bean
    static BeanPostProcessor idleTransactionTimeout(ObjectProvider<ConsumerSettings> consumer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // Resolved for the pool only: asked for every bean, the settings would be bound too early.
                ConsumerSettings settings = (bean instanceof HikariDataSource) ? consumer.getIfAvailable() : null;
                if (bean instanceof HikariDataSource dataSource && settings != null) {
                    long millis = settings.idleTransactionTimeout().toMillis();
                    // A startup parameter: set before any statement, with no round trip; other options are kept.
                    Properties properties = dataSource.getDataSourceProperties();
                    String others = properties.getProperty(OPTIONS, "");
                    String timeout = "-c idle_in_transaction_session_timeout=" + millis;
                    dataSource.addDataSourceProperty(OPTIONS, others.isBlank() ? timeout : others + " " + timeout);
                }
                return bean;
            }
        };
    }
}
