package io.heartbeat.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.heartbeat.local.summary.PipelineProbe;
import io.heartbeat.local.summary.PipelineSnapshot.StoredRows;
import org.apache.kafka.common.TopicPartition;

/**
 * One benchmark run, phase after phase on the same servers (docs/benchmarks.md, "What one run does"). Closing it
 * stops whatever runs.
 */
final class BenchRun implements AutoCloseable {

    private static final Duration CONSUMER_START_TIMEOUT = Duration.ofMinutes(5);

    // A consumer's session busy past this after the warm-up is a hung consumer, not a slow one.
    private static final Duration SESSIONS_TIMEOUT = Duration.ofMinutes(1);

    // Longer than Hikari's aliveBypassWindowMs (500 ms): a connection idle that long is checked before its next use,
    // so the pools find the ended sessions closed, and replace them, rather than fail a batch with them.
    private static final Duration SESSIONS_CHECKED_AFTER = Duration.ofSeconds(1);

    // The latency phase's last rows are committed well within this after its last event is sent.
    private static final Duration LATENCY_GRACE = Duration.ofMinutes(2);

    private final BenchOptions options;

    private final PrintStream out;

    private BenchServers servers;

    private ConsumerInstances consumers;

    private TopicGate gate;

    private TopicOffsets offsets;

    private boolean closed;

    BenchRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    BenchResult run(LocalEnvironment environment, Map<String, String> variables, Path runDir, String runId)
            throws SQLException, IOException {
        Instant startedAt = Instant.now();
        ConsumerService.requireJar(this.options.consumerJar());
        long events = this.options.events();
        int partitions = environment.springEnvironment().getProperty("heartbeat.kafka.partitions", Integer.class, 6);
        progress("starting PostgreSQL and Kafka");
        this.servers = BenchServers.start(environment, runDir, runId, partitions);
        PipelineEndpoints endpoints = this.servers.endpoints();
        int instances = this.options.consumers();
        progress(((instances == 1) ? "starting the consumer (" : "starting " + instances
                + " consumers in one group (each ") + this.options.consumerJar() + ", -Xmx"
                + this.options.consumerHeap() + ")");
        this.consumers = ConsumerInstances.start(instances, this.options.consumerJar(), endpoints, partitions,
                this.options.consumerHeap(), runDir, variables);
        this.consumers.awaitReady(CONSUMER_START_TIMEOUT);
        Map<String, Object> consumerSettings = consumerSettings(environment);
        this.gate = new TopicGate(endpoints.bootstrapServers(), endpoints.topic(), partitions);
        try (Connection database = this.servers.connect();
                PipelineProbe probe = PipelineProbe.connect(endpoints)) {
            Map<String, Object> postgres = BenchDatabase.settings(database);
            postgres.put("embedded", this.servers.local().embeddedPostgres().isPresent());
            keepDays(database);
            this.offsets = new TopicOffsets(this.servers.admin(), endpoints.topic(), partitions);
            ProducerPhase producer = new ProducerPhase(endpoints, this.offsets);
            double warmupSeconds = warmUp(producer, database);
            double producerSeconds = preload(producer);
            Map<String, Object> topic = topicSize();
            Drain drain = drain(database, probe);
            progress("COPY of the same rows into an identical empty table");
            CopyLimit.Result copy = CopyLimit.measure(database, runDir);
            Map<String, Object> latency = latency(producer);
            Map<String, Object> memory = this.consumers.stop().get(0);
            return new BenchResult(events, partitions, this.options.daysKept(), this.options.patients(),
                    consumerSettings, instances, this.options.warmupEvents(), warmupSeconds,
                    drain.drained().seconds(), drain.stored().total(), drain.stored().alerts(),
                    drain.drained().rowsByConsumer(), drain.cpu(), drain.rollup(), copy, producerSeconds, topic,
                    this.options.latencyRate(), this.options.latencyDuration(), latency, memory, postgres,
                    this.servers.local().embeddedKafka().isPresent(), MachineInfo.describe(), startedAt);
        }
    }

    /** The day partitions of the days kept before today, before the warm-up, so that both drains plan with them. */
    private void keepDays(Connection database) throws SQLException {
        int days = this.options.daysKept();
        if (days > 0) {
            progress("creating " + count(days) + " empty days of partitions before today, as if kept");
            BenchDatabase.createDaysBefore(database, days);
        }
    }

    /** The warm-up's drain seconds, a cold start's (0 with none); why: benchmarks.md, "What one run does", 3. */
    private double warmUp(ProducerPhase producer, Connection database) throws SQLException {
        long events = this.options.warmupEvents();
        if (events == 0) {
            return 0;
        }
        progress("warming the consumer up: " + count(events) + " events drained, then deleted");
        this.gate.hold();
        produceBacklog(producer, events, this.options.seed() + 2);
        ConsumerInstances.Drained warmed = drainBacklog(events);
        BenchDatabase.emptyTables(database);
        BenchDatabase.endConsumerSessions(database, SESSIONS_TIMEOUT);
        LockSupport.parkNanos(SESSIONS_CHECKED_AFTER.toNanos());
        return warmed.seconds();
    }

    /** Fills the topic behind the gate; returns the seconds from the producer's start to its last acknowledgement. */
    private double preload(ProducerPhase producer) {
        long events = this.options.events();
        progress("producing " + count(events) + " events (" + count(this.options.patients()) + " patients)");
        this.gate.hold();
        long before = System.currentTimeMillis();
        long acknowledgedAt = produceBacklog(producer, events, this.options.seed());
        return (acknowledgedAt - this.offsets.firstTimestamp(before)) / 1000.0;
    }

    // Stamped as if every patient sent one reading a millisecond: a backlog with realistic per-patient order.
    private long produceBacklog(ProducerPhase producer, long events, long seed) {
        int patients = this.options.patients();
        return producer.produce(events, 1000.0 * patients, patients, seed,
                Duration.ofSeconds(Math.max(300, events / 5_000)));
    }

    /** The topic's size after the preload, without the {@code gate}'s records. */
    private Map<String, Object> topicSize() {
        long records = this.offsets.records() - this.gate.records();
        long bytes = this.offsets.bytesOnDisk();
        return Map.of("records", records, "bytes", bytes,
                "bytes_per_record", Math.round(bytes * 10.0 / records) / 10.0);
    }

    /** Lets the consumer drain the topic; what it took, what it stored and the CPU each process used. */
    private Drain drain(Connection database, PipelineProbe probe) throws SQLException {
        progress("draining them into PostgreSQL");
        BenchDatabase.checkpoint(database);
        CpuTimes cpu = cpuTimes();
        Optional<BenchDatabase.RollupCalls> rollupBefore = BenchDatabase.rollupCalls(database);
        Map<String, Duration> cpuBefore = cpu.now();
        ConsumerInstances.Drained drained = drainBacklog(this.options.events());
        Map<String, Object> cpuUsed = cpu.since(cpuBefore);
        Optional<BenchDatabase.RollupCalls> rollupAfter = BenchDatabase.rollupCalls(database);
        Map<String, Object> rollup = (rollupBefore.isPresent() && rollupAfter.isPresent())
                ? rollupAfter.get().since(rollupBefore.get()) : Map.of();
        return new Drain(drained, probe.storedRows(), cpuUsed, rollup);
    }

    // The gate opens, and the consumers drain what the topic holds beyond their group's committed offsets, until
    // the group has committed every partition the producer appended to behind the gate.
    private ConsumerInstances.Drained drainBacklog(long events) {
        Map<TopicPartition, Long> backlog = this.offsets.grownSince(this.gate.heldEnds());
        return this.consumers.drain(this.gate::release, () -> this.offsets.uncommitted(groupId(), backlog), events,
                Duration.ofSeconds(Math.max(600, events / 500)));
    }

    /** A steady stream's latency percentiles; one consumer only, as several consumers' percentiles do not add up. */
    private Map<String, Object> latency(ProducerPhase producer) {
        if (this.options.consumers() > 1) {
            progress("no latency phase with " + this.options.consumers() + " consumers");
            return Map.of();
        }
        long events = this.options.latencyEvents();
        progress("latency: " + count(this.options.latencyRate()) + " events/s for "
                + this.options.latencyDuration().toSeconds() + " s");
        ConsumerService consumer = this.consumers.all().get(0);
        LatencyHistogram before = consumer.latencies();
        Map<TopicPartition, Long> ends = this.offsets.endOffsets();
        producer.produce(events, this.options.latencyRate(), this.options.patients(), this.options.seed() + 1,
                this.options.latencyDuration().plus(LATENCY_GRACE));
        Map<TopicPartition, Long> sent = this.offsets.grownSince(ends);
        this.consumers.awaitCommitted(() -> this.offsets.uncommitted(groupId(), sent), events,
                System.nanoTime() + LATENCY_GRACE.toNanos(), "the latency phase");
        LatencyHistogram latencies = consumer.latencies().since(before);
        if (latencies.count() != events) {
            throw new IllegalStateException("The consumer's latency histogram counted " + latencies.count()
                    + " records of the latency phase's " + events);
        }
        return latencies.summary();
    }

    private String groupId() {
        return this.servers.endpoints().groupId();
    }

    // The drain's CPU, by process: the consumers (all together, and each when there are several), this JVM (the
    // embedded broker; the producer is closed by then), and the embedded PostgreSQL's server processes.
    private CpuTimes cpuTimes() {
        List<ConsumerService> services = this.consumers.all();
        CpuTimes cpu = new CpuTimes().add("consumer_jvm", () -> services.stream()
            .map((service) -> CpuTimes.of(service.process()))
            .reduce(Duration.ZERO, Duration::plus));
        for (int i = 0; services.size() > 1 && i < services.size(); i++) {
            ConsumerService service = services.get(i);
            cpu.add("consumer_jvm_" + (i + 1), () -> CpuTimes.of(service.process()));
        }
        cpu.add("launcher_jvm", () -> CpuTimes.of(ProcessHandle.current()));
        // The postmaster: its backends are its children.
        this.servers.local().embeddedPostgres().flatMap(EmbeddedPostgresServer::process)
            .ifPresent((postgres) -> cpu.add("postgres", () -> CpuTimes.withDescendants(postgres)));
        return cpu;
    }

    /** Stops the consumer and the servers (dropping this run's database and topic); idempotent. */
    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (this.consumers != null) {
            this.consumers.close();
        }
        if (this.gate != null) {
            this.gate.close();
        }
        if (this.servers != null) {
            this.servers.close();
        }
    }

    // What the consumers run with: the settings they bind from the same variables, with the same defaults.
    private static Map<String, Object> consumerSettings(LocalEnvironment environment) {
        ConsumerSettings consumer = environment.consumer();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("batch_size", consumer.batchSize());
        settings.put("concurrency", consumer.concurrency());
        settings.put("pool_size", environment.postgres().poolSize());
        return settings;
    }

    private void progress(String step) {
        this.out.println("bench: " + step);
        this.out.flush();
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private record Drain(ConsumerInstances.Drained drained, StoredRows stored, Map<String, Object> cpu,
            Map<String, Object> rollup) {
    }
}
