package io.heartbeat.consumer.config;

import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.consumer.ingest.ConsumerSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets two options of every session of this consumer, as startup parameters.
 * <ul>
 * <li>PostgreSQL ends a transaction of this consumer that sends nothing for CONSUMER_IDLE_TRANSACTION_TIMEOUT
 * ({@code idle_in_transaction_session_timeout}), so that a frozen consumer cannot hold the rows it inserted locked.
 * A consumer frozen between two statements of a batch (a stop-the-world pause, a stalled VM, SIGSTOP) keeps its
 * transaction open; the member that took over its partitions writes the same records again and waits on those
 * locks for as long as the freeze lasts, forever if it never ends (docs/reliability.md, zombie consumer).</li>
 * <li>{@code jit} is off. The consumer's statements each take milliseconds, but over arrays of a thousand patients
 * and weeks of day partitions the planner costs some of them high enough to compile: on a PostgreSQL built with
 * LLVM (Debian's packages) the alert resolution's read then took 0.4 to 0.7 s instead of a tenth of
 * that, at each of the first executions of every connection (docs/consumer.md).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SessionOptionsConfiguration {

    private static final String OPTIONS = "options";

    @Bean
    static BeanPostProcessor sessionOptions(ObjectProvider<ConsumerSettings> consumer) {
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
                    String ours = "-c idle_in_transaction_session_timeout=" + millis + " -c jit=off";
                    dataSource.addDataSourceProperty(OPTIONS, others.isBlank() ? ours : others + " " + ours);
                }
                return bean;
            }
        };
    }
}
