package io.heartbeat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.config.PostgresSettings;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer under test, in a JVM of its own so its heap and RSS are its own: the real consumer application,
 * started as the local mode starts it, with its listener held back until the benchmark says {@code drain}, and its
 * rollup job running from the start, as in any consumer.
 * <p>
 * Reads commands on standard input and answers with lines {@code @bench <what> <json>} on standard output, among
 * the service's own log lines:
 * <ul>
 * <li>{@code drain}: listen (start, or resume after a pause), answering {@code stored} after every batch committed
 * with the rows stored since: the warm-up and the timed drain alike (the benchmark, which may run several
 * consumers in one group, sees when all of them together stored the backlog);</li>
 * <li>{@code pause}: pause the listener and renew the database sessions, answer {@code paused} once every
 * consumer has paused its partitions;</li>
 * <li>{@code latency <events>}: answer {@code latency} once that many records have been committed;</li>
 * <li>{@code stop}: answer {@code memory} and exit.</li>
 * </ul>
 * Its settings come from the environment: KAFKA_BROKER, KAFKA_TOPIC, CONSUMER_GROUP_ID, CONSUMER_INSTANCE_ID,
 * POSTGRES_*, and any CONSUMER_* to try.
 */
public final class ConsumerProcess {

    /** Prefix of the lines that answer the benchmark. */
    static final String ANSWER = "@bench ";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final PrintStream out = System.out;

    /** How long the listener may take to pause; past it the consumer exits, saying so. */
    static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(60);

    private ConsumerProcess() {
    }

    public static void main(String[] args) throws IOException {
        HeapPeak heap = HeapPeak.watch();
        LocalEnvironment environment = new LocalEnvironment(System.getenv());
        PipelineEndpoints endpoints = new PipelineEndpoints(environment.externalKafka().orElseThrow(),
                environment.postgres(), environment.topic(), environment.groupId());
        ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0,
                Map.of("spring.kafka.listener.auto-startup", "false", "heartbeat.rollup.enabled", "true"));
        ConsumerProbe probe = new ConsumerProbe(consumer.getBean(MeterRegistry.class), ConsumerProcess::answer);
        KafkaListenerEndpointRegistry listeners = consumer.getBean(KafkaListenerEndpointRegistry.class);
        answer("ready", settings(consumer));
        try {
            obey(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), consumer, listeners,
                    probe);
        }
        catch (RuntimeException ex) {
            // The service's own threads would keep this JVM alive; the benchmark learns of the failure by its exit.
            ex.printStackTrace(out);
            System.exit(1);
        }
        answer("memory", heap.report());
        consumer.close();
        System.exit(0);
    }

    // Runs the benchmark's commands until it says stop.
    private static void obey(BufferedReader commands, ConfigurableApplicationContext consumer,
            KafkaListenerEndpointRegistry listeners, ConsumerProbe probe) throws IOException {
        for (String command = commands.readLine(); command != null && !command.equals("stop");
                command = commands.readLine()) {
            String[] words = command.split(" ");
            switch (words[0]) {
                case "drain" -> {
                    probe.expectDrain();
                    listen(listeners, probe);
                }
                case "pause" -> {
                    pause(listeners);
                    renewSessions(consumer.getBean(DataSource.class));
                    answer("paused", Map.of());
                }
                case "latency" -> probe.measureLatency(Long.parseLong(words[1]));
                default -> throw new IllegalArgumentException("Unknown bench command: " + command);
            }
        }
    }

    // Starts the listener the first time, resumes it after a pause.
    private static void listen(KafkaListenerEndpointRegistry registry, ConsumerProbe probe) {
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            if (container.isRunning()) {
                container.resume();
                continue;
            }
            if (container instanceof AbstractMessageListenerContainer<?, ?> listener) {
                @SuppressWarnings("unchecked")
                AbstractMessageListenerContainer<Object, Object> typed =
                        (AbstractMessageListenerContainer<Object, Object>) listener;
                typed.setBatchInterceptor(probe);
            }
            container.start();
        }
    }

    // Returns once every consumer thread has paused its partitions: nothing fetched after this reaches the listener.
    private static void pause(KafkaListenerEndpointRegistry registry) {
        registry.getListenerContainers().forEach(MessageListenerContainer::pause);
        long deadline = System.nanoTime() + PAUSE_TIMEOUT.toNanos();
        while (!registry.getListenerContainers().stream().allMatch(MessageListenerContainer::isContainerPaused)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The listener did not pause within " + PAUSE_TIMEOUT);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    // Closes the pooled connections; new ones replace them. The statements a session has prepared keep the generic
    // plans PostgreSQL made for them, and a plan made for the warm-up's tables is rebuilt, when the benchmark empties
    // them, for tables of no rows: sequential scans, kept while the tables fill up. New sessions plan as a fresh
    // consumer's do, which is what the timed drain is to meet.
    private static void renewSessions(DataSource dataSource) {
        try {
            dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("The consumer's pool is not Hikari's: " + ex.getMessage(), ex);
        }
    }

    // What the consumer actually runs with, whatever set it (defaults, CONSUMER_* variables, its yml).
    private static Map<String, Object> settings(ConfigurableApplicationContext consumer) {
        ConsumerSettings settings = consumer.getBean(ConsumerSettings.class);
        Map<String, Object> kafka = consumer.getBean(ConsumerFactory.class).getConfigurationProperties();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("batch_size", settings.batchSize());
        report.put("concurrency", settings.concurrency());
        report.put("pool_size", consumer.getBean(PostgresSettings.class).poolSize());
        for (String name : new String[] { ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG }) {
            if (kafka.containsKey(name)) {
                report.put(name, String.valueOf(kafka.get(name)));
            }
        }
        return report;
    }

    private static void answer(String what, Map<String, Object> values) {
        String line = ANSWER + what + " " + json.writeValueAsString(values);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
