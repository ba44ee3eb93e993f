package io.heartbeat.consumer.alarm;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.heartbeat.consumer.batch.BatchTransactionStep;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Detects clinical episodes in the stream, in the transaction of the batch whose readings are their evidence, so a
 * redelivered record is counted once, whichever instance reads it (docs/alarms.md, "How it runs").
 */
@Component
@EnableConfigurationProperties(AlarmSettings.class)
class AlarmDetector implements BatchTransactionStep {

    private static final Logger logger = LoggerFactory.getLogger(AlarmDetector.class);

    private static final String SERIALIZATION_FAILURE = "40001";

    private final AlarmSettings settings;

    /** Each patient's state as last committed. Never changed: a batch moves copies on, which replace these. */
    private final Map<String, PatientAlarmState> committed = new ConcurrentHashMap<>();

    /** Per partition, the offset after the last record of the last batch committed here. */
    private final Map<Integer, Long> nextOffsets = new ConcurrentHashMap<>();

    AlarmDetector(AlarmSettings settings) {
        this.settings = settings;
    }

    @Override
    public Runnable written(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Map<Integer, Long> firstOffsets = rows.stream()
            .collect(Collectors.toMap(HeartbeatRow::partition, HeartbeatRow::offset, Math::min, HashMap::new));
        Map<Integer, Long> lastOffsets = rows.stream()
            .collect(Collectors.toMap(HeartbeatRow::partition, HeartbeatRow::offset, Math::max, HashMap::new));
        readPartitionsThatDoNotContinue(connection, firstOffsets);
        Map<String, PatientAlarmState> states = statesOf(connection, rows);
        EpisodeRules rules = new EpisodeRules(this.settings);
        Map<Integer, Instant> newestByPartition = new HashMap<>();
        for (HeartbeatRow row : rows) {
            if (!counts(row)) {
                continue;
            }
            ClassifiedReading reading = row.reading();
            PatientAlarmState state = states.get(reading.patientId());
            if (state != null) {
                rules.apply(state, row);
            }
            else {
                state = rules.first(row);
                if (state != null) {
                    states.put(reading.patientId(), state);
                }
            }
            if (EpisodeRules.hasTrustedTime(reading)) {
                newestByPartition.merge(row.partition(), EpisodeRules.time(reading), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        fallSilent(rules, states, newestByPartition);
        List<PatientAlarmState> changed = states.values().stream().filter((state) -> state.changed)
                .sorted(Comparator.comparing((PatientAlarmState state) -> state.patientId)).toList();
        if (!changed.isEmpty() && !AlarmStatements.save(connection, changed)) {
            forget(lastOffsets.keySet());
            throw new SQLException("The alarm state of a patient of partitions " + lastOffsets.keySet()
                    + " was moved on by another writer (an instance that held the partition meanwhile);"
                    + " the batch must be retried, and will read the states again", SERIALIZATION_FAILURE);
        }
        AlarmStatements.apply(connection, rules.changes(), this.settings);
        if (logger.isDebugEnabled() && !rules.changes().isEmpty()) {
            logger.debug("Alarms of {} rows: {}", rows.size(), rules.changes());
        }
        return () -> {
            this.committed.putAll(states);
            lastOffsets.forEach((partition, last) -> this.nextOffsets.put(partition, last + 1));
        };
    }

    // The states of partitions this instance did not commit the records just before the batch's of are read again:
    // another instance may have moved them on, or a patient of theirs may be known only to the table.
    private void readPartitionsThatDoNotContinue(Connection connection, Map<Integer, Long> firstOffsets)
            throws SQLException {
        List<Integer> unknown = firstOffsets.keySet().stream()
            .filter((partition) -> !firstOffsets.get(partition).equals(this.nextOffsets.get(partition)))
            .toList();
        if (!unknown.isEmpty()) {
            forget(unknown);
            this.committed.putAll(AlarmStatements.loadPartitions(connection, unknown));
        }
    }

    // A copy of each counted patient's state to move on: the one kept, or else the table's, locked.
    private Map<String, PatientAlarmState> statesOf(Connection connection, List<HeartbeatRow> rows)
            throws SQLException {
        Map<String, PatientAlarmState> states = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (HeartbeatRow row : rows) {
            String patientId = row.reading().patientId();
            if (counts(row) && !states.containsKey(patientId)) {
                PatientAlarmState kept = this.committed.get(patientId);
                if (kept != null) {
                    states.put(patientId, kept.forUpdate());
                }
                else {
                    unknown.add(patientId);
                }
            }
        }
        if (!unknown.isEmpty()) {
            for (PatientAlarmState stored : AlarmStatements.load(connection, unknown).values()) {
                states.put(stored.patientId, stored.forUpdate());
            }
        }
        return states;
    }

    // Every patient last counted on a partition of the batch is measured against that partition's newest reading:
    // those of the batch, and those kept that the batch did not hear from.
    private void fallSilent(EpisodeRules rules, Map<String, PatientAlarmState> states,
            Map<Integer, Instant> newestByPartition) {
        for (PatientAlarmState kept : this.committed.values()) {
            Instant newest = newestByPartition.get(kept.partition);
            if (newest != null && !states.containsKey(kept.patientId) && rules.fallsSilent(kept, newest)) {
                states.put(kept.patientId, kept.forUpdate());
            }
        }
        for (PatientAlarmState state : states.values()) {
            Instant newest = newestByPartition.get(state.partition);
            if (newest != null) {
                rules.fallSilent(state, newest);
            }
        }
    }

    private void forget(Iterable<Integer> partitions) {
        for (Integer partition : partitions) {
            this.nextOffsets.remove(partition);
            this.committed.values().removeIf((state) -> state.partition == partition);
        }
    }

    // A corrupted record has no patient to trust.
    private static boolean counts(HeartbeatRow row) {
        return row.reading().status() != ValidationStatus.CORRUPTED;
    }
}
