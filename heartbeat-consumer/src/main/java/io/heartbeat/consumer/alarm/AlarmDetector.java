package io.heartbeat.consumer.alarm;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.heartbeat.consumer.persistence.BatchTransactionStep;
import io.heartbeat.consumer.persistence.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Detects clinical episodes in the stream, in the transaction of the batch whose readings are their evidence
 * (docs/alarms.md). Per batch: the state of the batch's patients is read and locked ({@code patient_alarm_state}),
 * {@link EpisodeRules} counts each record not counted before, the states are written back, the alarms opened and
 * ended, and then, for each partition of the batch, patients silent for longer than ALARM_SILENT_AFTER behind the
 * partition's newest reading get a device-silent alarm. The state commits with the readings, so a redelivered record
 * is recognised by its offset and counted once, whichever instance reads it.
 */
@Component
@EnableConfigurationProperties(AlarmSettings.class)
class AlarmDetector implements BatchTransactionStep {

    private static final Logger logger = LoggerFactory.getLogger(AlarmDetector.class);

    private final AlarmSettings settings;

    AlarmDetector(AlarmSettings settings) {
        this.settings = settings;
    }

    @Override
    public void written(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Set<String> patients = new LinkedHashSet<>();
        for (HeartbeatRow row : rows) {
            if (counts(row)) {
                patients.add(row.reading().patientId());
            }
        }
        if (patients.isEmpty()) {
            return;
        }
        Map<String, PatientAlarmState> states = AlarmStatements.load(connection, patients);
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
                newestByPartition.merge(row.partition(), reading.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (!states.isEmpty()) {
            AlarmStatements.save(connection, states.values());
        }
        AlarmStatements.apply(connection, rules.changes(), this.settings);
        int silent = newestByPartition.isEmpty() ? 0
                : AlarmStatements.openSilent(connection, newestByPartition, this.settings.silentAfter());
        if (logger.isDebugEnabled() && (!rules.changes().isEmpty() || silent > 0)) {
            logger.debug("Alarms of {} rows: {}, and {} device-silent opened", rows.size(), rules.changes(), silent);
        }
    }

    // A corrupted record has no patient to trust.
    private static boolean counts(HeartbeatRow row) {
        return row.reading().status() != ValidationStatus.CORRUPTED;
    }
}
