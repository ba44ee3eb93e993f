package io.heartbeat.consumer.persistence;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Bounds every wait for PostgreSQL by DB_WRITE_TIMEOUT (pgjdbc {@code socketTimeout}), so a frozen or unreachable
 * server fails a write instead of holding it; the error handler then retries the batch with its back-off. Schema
 * migrations are exempt: a long {@code CREATE INDEX} on a large table is legitimate and must not fail a start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostgresTimeouts.class)
class PostgresTimeoutConfiguration {

    @Bean
    static BeanPostProcessor socketTimeoutFromPostgresTimeouts(ObjectProvider<PostgresTimeouts> timeouts) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource dataSource) {
                    dataSource.addDataSourceProperty("socketTimeout",
                            String.valueOf(timeouts.getObject().socketTimeoutSeconds()));
                }
                return bean;
            }
        };
    }

    // Hikari restores a connection's network timeout when it returns to the pool, so only Flyway's go without.
    @Bean
    FlywayConfigurationCustomizer migrationsWithoutSocketTimeout() {
        return (configuration) -> configuration.dataSource(new UnboundedDataSource(configuration.getDataSource()));
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
