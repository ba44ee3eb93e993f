package io.heartbeat.consumer.rollup;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the rollup job runs: wherever the listener starts with the application, nowhere it is held back (--init-db,
 * the API-only tests). No connection is made: the job's first run is an interval away.
 */
class RollupConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
        .withUserConfiguration(RollupConfiguration.class)
        .withBean(DataSource.class, PGSimpleDataSource::new);

    @Test
    void runsWhereTheListenerStartsWithTheApplication() {
        this.contexts.run((context) -> assertThat(context).hasSingleBean(MinuteRollupJob.class));
        this.contexts.withPropertyValues("spring.kafka.listener.auto-startup=true")
            .run((context) -> assertThat(context).hasSingleBean(MinuteRollupJob.class));
    }

    @Test
    void doesNotRunWhereTheListenerIsHeldBack() {
        this.contexts.withPropertyValues("spring.kafka.listener.auto-startup=false")
            .run((context) -> assertThat(context).doesNotHaveBean(MinuteRollupJob.class));
    }
}
