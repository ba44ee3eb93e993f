package io.heartbeat.consumer.config;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.config.PostgresSettings;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.consumer.persistence.PostgresTimeouts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Points Boot's DataSource at PostgreSQL as the POSTGRES_* settings say, unless {@code spring.datasource.url} is set
 * (docs/consumer.md, "Settings"). Each setting of the pool's connections says why beside it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ PostgresSettings.class, PostgresTimeouts.class })
class PostgresConfiguration {

    private static final String OPTIONS = "options";

    @Bean
    @Conditional(NoExplicitDataSourceUrl.class)
    JdbcConnectionDetails postgresConnectionDetails(PostgresSettings postgres) {
        return new PostgresConnectionDetails(postgres);
    }

    @Bean
    static BeanPostProcessor poolFromSettings(ObjectProvider<PostgresSettings> postgres,
            ObjectProvider<PostgresTimeouts> timeouts, ObjectProvider<ConsumerSettings> consumer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                // The settings are resolved for the pool only: asked for every bean, they would be bound too early.
                if (bean instanceof HikariDataSource dataSource) {
                    dataSource.setMaximumPoolSize(postgres.getObject().poolSize());
                    // PostgreSQL's error details quote the refused row ("Failing row contains ..."): patient data,
                    // which would reach the log and the dead-letter headers. The message and SQLState remain.
                    dataSource.addDataSourceProperty("logServerErrorDetail", "false");
                    // A frozen or unreachable server fails a write after DB_WRITE_TIMEOUT instead of holding it.
                    dataSource.addDataSourceProperty("socketTimeout",
                            String.valueOf(timeouts.getObject().socketTimeoutSeconds()));
                    ConsumerSettings settings = consumer.getIfAvailable();
                    if (settings != null) {
                        // Ends a frozen consumer's open transaction, which would keep its rows locked
                        // (docs/reliability.md, fault 9), and turns jit off (docs/consumer.md, "The write");
                        // startup parameters cost no round trip, and other options are kept.
                        String others = dataSource.getDataSourceProperties().getProperty(OPTIONS, "");
                        String ours = "-c idle_in_transaction_session_timeout="
                                + settings.idleTransactionTimeout().toMillis() + " -c jit=off";
                        dataSource.addDataSourceProperty(OPTIONS, others.isBlank() ? ours : others + " " + ours);
                    }
                }
                return bean;
            }
        };
    }

    // A long CREATE INDEX on a large table is legitimate at start-up. Hikari restores a connection's network timeout
    // when it returns to the pool, so only Flyway's go without.
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutSocketTimeout() {
        return (configuration) -> configuration.dataSource(new UnboundedDataSource(configuration.getDataSource()));
    }

    static class NoExplicitDataSourceUrl extends NoneNestedConditions {

        NoExplicitDataSourceUrl() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("spring.datasource.url")
        static class ExplicitUrl {

        }
    }

    /** PostgresSettings as Boot's connection details; the driver is derived from the URL. */
    record PostgresConnectionDetails(PostgresSettings postgres) implements JdbcConnectionDetails {

        @Override
        public String getJdbcUrl() {
            return this.postgres.jdbcUrl();
        }

        @Override
        public String getUsername() {
            return this.postgres.user();
        }

        @Override
        public String getPassword() {
            return this.postgres.password();
        }
    }

    /** Hands out connections with no network timeout: for migrations only. */
    static final class UnboundedDataSource extends DelegatingDataSource {

        UnboundedDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return unbounded(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return unbounded(super.getConnection(username, password));
        }

        private static Connection unbounded(Connection connection) throws SQLException {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
                return connection;
            }
            catch (SQLException ex) {
                connection.close();
                throw ex;
            }
        }
    }
}
