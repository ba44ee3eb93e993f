package io.heartbeat.consumer;

import java.util.ArrayList;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;

/**
 * Starts the real consumer with settings a test is about, on a new database of the test PostgreSQL (so nothing but
 * those settings can be what stops it), its listener held back; and closes it if it started.
 */
public final class ConsumerStartup {

    private ConsumerStartup() {
    }

    public static void start(String... settings) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        List<String> args = new ArrayList<>(List.of(settings));
        args.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username="
                + database.user(), "--spring.datasource.password=" + database.password()));
        startAsGiven(args.toArray(String[]::new));
    }

    /** As {@link #start}, but the settings say which PostgreSQL to use (the POSTGRES_* variables, say). */
    public static void startAsGiven(String... settings) {
        List<String> args = new ArrayList<>(List.of(settings));
        args.addAll(List.of("--server.port=0", "--spring.kafka.listener.auto-startup=false"));
        ConsumerApplication.application().run(args.toArray(String[]::new)).close();
    }
}
