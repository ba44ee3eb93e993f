package io.heartbeat.local.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.local.LocalEnvironment;
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
 * started as the local mode starts it, with its listener held back until the benchmark says {@code drain}.
 * <p>
 * Reads commands on standard input ({@code drain}, {@code latency <events>}, {@code stop}) and answers with lines
 * {@code @bench <what> <json>} on standard output, among the service's own log lines. Its settings come from the
 * environment: KAFKA_BROKER, KAFKA_TOPIC, CONSUMER_GROUP_ID, POSTGRES_*, and any CONSUMER_* to try.
 */
public final class ConsumerProcess {

    /** Prefix of the lines that answer the benchmark. */
    static final String ANSWER = "@bench ";

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final PrintStream out = System.out;

    private ConsumerProcess() {
    }

    /** {@code args[0]}: rows the drain stores before it is over. */
    public static void main(String[] args) throws IOException {
        HeapPeak heap = HeapPeak.watch();
        long drainRows = Long.parseLong(args[0]);
        LocalEnvironment environment = new LocalEnvironment(System.getenv());
        PipelineEndpoints endpoints = new PipelineEndpoints(environment.externalKafka().orElseThrow(),
                environment.postgres(), environment.topic(), environment.groupId());
        ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0,
                Map.of("spring.kafka.listener.auto-startup", "false"));
        ConsumerProbe probe = new ConsumerProbe(consumer.getBean(MeterRegistry.class), drainRows,
                ConsumerProcess::answer);
        answer("ready", settings(consumer));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null && !command.equals("stop");
                command = commands.readLine()) {
            if (command.equals("drain")) {
                startListening(consumer.getBean(KafkaListenerEndpointRegistry.class), probe);
            }
            else if (command.startsWith("latency ")) {
                probe.measureLatency(Long.parseLong(command.substring("latency ".length())));
            }
        }
        answer("memory", heap.report());
        consumer.close();
        System.exit(0);
    }

    private static void startListening(KafkaListenerEndpointRegistry registry, ConsumerProbe probe) {
        for (MessageListenerContainer container : registry.getListenerContainers()) {
            if (container instanceof AbstractMessageListenerContainer<?, ?> listener) {
                @SuppressWarnings("unchecked")
                AbstractMessageListenerContainer<Object, Object> typed =
                        (AbstractMessageListenerContainer<Object, Object>) listener;
                typed.setBatchInterceptor(probe);
            }
            container.start();
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
