package io.heartbeat.consumer.ingest;

import java.util.List;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.OffsetRanges;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import io.heartbeat.consumer.persistence.WriteFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The consumer's path (docs/consumer.md, "The path"); a batch that times out, or fails on its data, is written in
 * halves, each in a transaction of its own, down to the one record at fault (docs/consumer.md, "Errors").
 */
@Component
class HeartbeatListener {

    static final String ID = "heartbeat-consumer";

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatListener.class);

    private final RecordClassifier classifier;

    private final HeartbeatBatchWriter writer;

    private final ConsumerMetrics metrics;

    HeartbeatListener(RecordClassifier classifier, HeartbeatBatchWriter writer, ConsumerMetrics metrics) {
        this.classifier = classifier;
        this.writer = writer;
        this.metrics = metrics;
    }

    // The topic KafkaConsumerConfiguration declares, named as KAFKA_TOPIC says.
    @KafkaListener(id = ID, idIsGroup = false, topics = "#{@heartbeatTopic.name()}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        write(records, this.classifier.toRows(records), 0, records.size());
    }

    // Writes rows [from, to) in one transaction. A database failure goes to the error handler as it is, which sets
    // the whole batch back; rows stored meanwhile are skipped as duplicates when it comes again.
    private void write(List<ConsumerRecord<String, byte[]>> records, List<HeartbeatRow> rows, int from, int to) {
        if (from == to) {
            return;
        }
        try {
            this.metrics.written(this.metrics.timeBatchWrite(() -> this.writer.write(rows.subList(from, to))));
            this.metrics.committed(records.subList(from, to));
        }
        catch (RecordRefusedException ex) {
            this.metrics.written(ex.written());
            this.metrics.committed(records.subList(from, from + ex.index()));
            // The error handler commits the offsets before it and dead-letters it; the rest come again.
            throw new BatchListenerFailedException(ex.getMessage(), ex, records.get(from + ex.index()));
        }
        catch (RuntimeException ex) {
            WriteFailures.Kind kind = WriteFailures.classify(ex);
            if (kind == WriteFailures.Kind.DATABASE || (kind == WriteFailures.Kind.TIMED_OUT && to - from == 1)) {
                // One row that still times out says the database is too slow, not that the row is at fault.
                throw ex;
            }
            if (to - from == 1) {
                // The error handler gives it CONSUMER_RECORD_ATTEMPTS attempts, then dead-letters it.
                throw new BatchListenerFailedException("Could not write " + rows.get(from).coordinates()
                        + " (event_id " + rows.get(from).deliveryKey() + "): " + ex, ex, records.get(from));
            }
            int middle = (from + to) >>> 1;
            if (kind == WriteFailures.Kind.TIMED_OUT) {
                logger.warn("Writing {} timed out; writing it in two halves, each in its own transaction: {}",
                        OffsetRanges.of(rows.subList(from, to)), ex.getMessage());
            }
            else {
                logger.debug("Writing {} failed; writing it in two halves to find the record at fault",
                        OffsetRanges.of(rows.subList(from, to)), ex);
            }
            write(records, rows, from, middle);
            write(records, rows, middle, to);
        }
    }
}
