package io.heartbeat.consumer.config;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.config.PostgresSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Points Boot's DataSource at PostgreSQL as POSTGRES_HOST/PORT/DB/USER/PASSWORD say, with DB_POOL_SIZE
 * connections. An explicit {@code spring.datasource.url} (tests, special set-ups) wins over the POSTGRES_*
 * variables, together with {@code spring.datasource.username} and {@code password}. PostgreSQL's error details,
 * which quote rows, are kept out of exception messages.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PostgresSettings.class)
class PostgresConfiguration {

    @Bean
    @Conditional(NoExplicitDataSourceUrl.class)
    JdbcConnectionDetails postgresConnectionDetails(PostgresSettings postgres) {
        return new PostgresConnectionDetails(postgres);
    }

    @Bean
    static BeanPostProcessor poolSizeFromPostgresSettings(ObjectProvider<PostgresSettings> postgres) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource dataSource) {
                    dataSource.setMaximumPoolSize(postgres.getObject().poolSize());
                    // PostgreSQL's error details quote the refused row ("Failing row contains ..."): patient data,
                    // which would reach the log and the dead-letter headers. The message and SQLState remain.
                    dataSource.addDataSourceProperty("logServerErrorDetail", "false");
                }
                return bean;
            }
        };
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

        @Override
        public String toString() {
            return "PostgresConnectionDetails[" + this.postgres + "]";
        }
    }
}
