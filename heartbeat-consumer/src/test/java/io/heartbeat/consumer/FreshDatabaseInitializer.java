package io.heartbeat.consumer;

import java.util.HashMap;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points each test context at a new database of the shared test PostgreSQL and makes that database a bean.
 * <p>
 * A static {@code @DynamicPropertySource} in a shared base class would give every subclass the same database; this
 * runs once per context, so each test class keeps rows of its own.
 */
public final class FreshDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        Map<String, Object> properties = new HashMap<>();
        database.register((name, value) -> properties.put(name, value.get()));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("freshDatabase", properties));
        context.getBeanFactory().registerSingleton("freshDatabase", database);
    }
}
