package io.heartbeat.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/** What the broker holds of the bench topic: its records, when the first was stamped, what the group committed. */
final class TopicOffsets {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private static final long REQUEST_TIMEOUT_SECONDS = 30;

    private final Admin admin;

    private final String topic;

    private final int partitions;

    TopicOffsets(Admin admin, String topic, int partitions) {
        this.admin = admin;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Each partition's end offset: where its next record goes. */
    Map<TopicPartition, Long> endOffsets() {
        return offsets("the end offsets", OffsetSpec.latest()).entrySet()
            .stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, (end) -> end.getValue().offset()));
    }

    /** The end offsets of partitions grown since {@code earlier}: a consumer is through when it has committed these. */
    Map<TopicPartition, Long> grownSince(Map<TopicPartition, Long> earlier) {
        return endOffsets().entrySet()
            .stream()
            .filter((end) -> end.getValue() > earlier.getOrDefault(end.getKey(), 0L))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The records {@code groupId} has yet to commit up to {@code targets}. */
    long uncommitted(String groupId, Map<TopicPartition, Long> targets) {
        Map<TopicPartition, OffsetAndMetadata> committed = request("the committed offsets of " + groupId,
                () -> this.admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            OffsetAndMetadata position = committed.get(target.getKey());
            behind += Math.max(0, target.getValue() - ((position != null) ? position.offset() : 0));
        }
        return behind;
    }

    /** Records in the topic: the sum of its partitions' end offsets (acknowledged, replicated records). */
    long records() {
        return offsets("the offsets", OffsetSpec.latest()).values()
            .stream()
            .mapToLong(ListOffsetsResultInfo::offset)
            .sum();
    }

    /** Bytes of the topic in the brokers' log directories, every replica, compressed as the producer wrote it. */
    long bytesOnDisk() {
        List<Integer> brokers = request("the log size", () -> this.admin.describeCluster().nodes()).stream()
            .map(Node::id)
            .toList();
        return request("the log size", () -> this.admin.describeLogDirs(brokers).allDescriptions()).values()
            .stream()
            .flatMap((directories) -> directories.values().stream())
            .flatMap((directory) -> directory.replicaInfos().entrySet().stream())
            .filter((replica) -> replica.getKey().topic().equals(this.topic))
            .mapToLong((replica) -> replica.getValue().size())
            .sum();
    }

    /** The earliest timestamp since {@code since} (epoch ms): a producer's start, which its first reading carries. */
    long firstTimestamp(long since) {
        return offsets("the offsets", OffsetSpec.forTimestamp(since)).values()
            .stream()
            .filter((info) -> info.offset() >= 0)
            .mapToLong(ListOffsetsResultInfo::timestamp)
            .min()
            .orElseThrow(() -> new IllegalStateException(
                    "Topic " + this.topic + " holds no record stamped since " + since));
    }

    /** Polls until the topic holds {@code target} records; returns when it saw them (epoch ms). */
    long awaitRecords(long target, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (records() >= target) {
                return System.currentTimeMillis();
            }
            String reason = failure.get();
            if (reason != null) {
                throw new IllegalStateException(reason);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + this.topic + " held " + records() + " of " + target
                        + " records after " + timeout);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    // What spec names in each of the topic's partitions, of which the run created this many (BenchServers).
    private Map<TopicPartition, ListOffsetsResultInfo> offsets(String what, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> specs = IntStream.range(0, this.partitions)
            .mapToObj((partition) -> new TopicPartition(this.topic, partition))
            .collect(Collectors.toMap(Function.identity(), (partition) -> spec));
        return request(what, () -> this.admin.listOffsets(specs).all());
    }

    private <T> T request(String what, Supplier<KafkaFuture<T>> request) {
        return await("read " + what + " of " + this.topic, request, REQUEST_TIMEOUT_SECONDS);
    }

    /** Waits for one admin request; fails saying it could not {@code action}, with why. */
    static <T> T await(String action, Supplier<KafkaFuture<T>> request, long timeoutSeconds) {
        try {
            return request.get().get(timeoutSeconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + action, ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("Could not " + action + ": " + ex, ex);
        }
    }
}
