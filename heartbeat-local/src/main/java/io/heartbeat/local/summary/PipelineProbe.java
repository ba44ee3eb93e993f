package io.heartbeat.local.summary;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.summary.PipelineSnapshot.StoredRows;
import io.heartbeat.local.summary.PipelineSnapshot.TopicProgress;
import io.heartbeat.validation.ValidationStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pipeline's state from the outside, as an operator would: end offsets and the consumer group's
 * committed offsets from Kafka's AdminClient, row counts from PostgreSQL.
 */
public final class PipelineProbe implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PipelineProbe.class);

    private static final long TIMEOUT_MS = 3_000;

    private static final String COUNT_BY_STATUS =
            "SELECT validation_status, count(*) FROM heartbeats GROUP BY validation_status";

    private static final String COUNT_ALERTS = "SELECT count(*) FROM heartbeat_alerts";

    private final DataSource dataSource;

    private final Admin admin;

    private final String topic;

    private final String groupId;

    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    public PipelineProbe(DataSource dataSource, Admin admin, String topic, String groupId) {
        this.dataSource = dataSource;
        this.admin = admin;
        this.topic = topic;
        this.groupId = groupId;
    }

    /** A probe with its own AdminClient and connections (closed with it). */
    public static PipelineProbe connect(PipelineEndpoints endpoints) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(endpoints.postgres().jdbcUrl());
        dataSource.setUser(endpoints.postgres().user());
        dataSource.setPassword(endpoints.postgres().password());
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "heartbeat-local-summary",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
        return new PipelineProbe(dataSource, admin, endpoints.topic(), endpoints.groupId());
    }

    public PipelineSnapshot snapshot() {
        TopicProgress progress = read("Kafka", this::topicProgress);
        StoredRows rows = read("PostgreSQL", this::storedRows);
        return new PipelineSnapshot(Instant.now(), progress, rows);
    }

    /** End offsets of the topic and the group's lag behind them; a partition never committed lags by all of it. */
    public TopicProgress topicProgress() throws Exception {
        TopicDescription description = this.admin.describeTopics(List.of(this.topic))
                .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(this.topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .map((partition) -> new TopicPartition(this.topic, partition.partition()))
                .collect(Collectors.toMap(Function.identity(), (partition) -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> ends = this.admin.listOffsets(latest).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(this.groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        long endOffsets = 0;
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            endOffsets += end.getValue().offset();
            lag += end.getValue().offset() - ((position != null) ? position.offset() : 0);
        }
        return new TopicProgress(endOffsets, lag);
    }

    /** Rows per validation status and alert rows. */
    public StoredRows storedRows() throws SQLException {
        try (Connection connection = this.dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            Map<ValidationStatus, Long> byStatus = new EnumMap<>(ValidationStatus.class);
            try (ResultSet rows = statement.executeQuery(COUNT_BY_STATUS)) {
                while (rows.next()) {
                    byStatus.put(ValidationStatus.of(rows.getString(1)), rows.getLong(2));
                }
            }
            try (ResultSet rows = statement.executeQuery(COUNT_ALERTS)) {
                rows.next();
                return new StoredRows(byStatus, rows.getLong(1));
            }
        }
    }

    @Override
    public void close() {
        this.admin.close();
    }

    /** Runs one read; its failure shows as "?" in the line and is logged once until the read works again. */
    private <T> T read(String source, Callable<T> reader) {
        try {
            T value = reader.call();
            if (this.failing.remove(source) != null) {
                logger.info("Summary can read {} again", source);
            }
            return value;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (Exception ex) {
            Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
            String reason = (cause instanceof TimeoutException) ? "timed out" : String.valueOf(cause.getMessage());
            if (this.failing.put(source, Boolean.TRUE) == null) {
                logger.warn("Summary cannot read {}: {}", source, reason);
            }
            return null;
        }
    }
}
