package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Reading;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;
import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Resolves the open alerts of the batch's patients that have since sent enough consecutive valid readings, in the
 * batch's transaction so that they commit with the readings that resolve them (docs/alerts-api.md, "How it runs").
 */
@Component
@EnableConfigurationProperties(AlertLifecycleSettings.class)
public class AlertAutoResolver {

    private static final Logger logger = LoggerFactory.getLogger(AlertAutoResolver.class);

    private final int k;

    private final String resolvedBy;

    public AlertAutoResolver(AlertLifecycleSettings settings) {
        this.k = settings.resolveAfterValid();
        this.resolvedBy = settings.automaticResolver();
    }

    /**
     * Works out, before {@code rows} are written, which alerts they resolve: the batch's own and stored ones. It
     * counts each row as new, so it is only for a batch that inserts every row, as a COPY does.
     */
    public Recoveries planRecoveries(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Recoveries recoveries = plan(connection, rows, false);
        logger.debug("{} rows: {} streaks resolve stored alerts", rows.size(), recoveries.streaks());
        return recoveries;
    }

    /** Resolves, after {@code rows} are written (inserted or found stored already), the stored alerts they recover. */
    public void resolveRecovered(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        int resolved = plan(connection, rows, true).resolveStored(connection);
        logger.debug("Resolved {} alerts after writing {} rows", resolved, rows.size());
    }

    private Recoveries plan(Connection connection, List<HeartbeatRow> rows, boolean written) throws SQLException {
        Recoveries recoveries = new Recoveries(rows.size(), this.resolvedBy);
        List<Patient> patients = patientsWithValidReadings(rows, written);
        if (patients.isEmpty()) {
            return recoveries;
        }
        readWindows(connection, patients);
        for (Patient patient : patients) {
            if (patient.read) {
                patient.resolve(PatientStreaks.of(patient.readings, patient.firstValidMicros, this.k), recoveries);
            }
        }
        return recoveries;
    }

    private static List<Patient> patientsWithValidReadings(List<HeartbeatRow> rows, boolean written) {
        Map<String, Patient> patients = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            ClassifiedReading reading = rows.get(i).reading();
            patients.computeIfAbsent(reading.patientId(), Patient::new).add(i, reading, written);
        }
        return patients.values().stream().filter((patient) -> patient.firstValidMicros != Long.MAX_VALUE).toList();
    }

    // Patients the statement skips (no alert to resolve) are left unread, and so are not resolved.
    private void readWindows(Connection connection, List<Patient> patients) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.WINDOW_READINGS)) {
            statement.setInt(1, this.k - 1);
            statement.setInt(2, this.k - 1);
            statement.setArray(3, connection.createArrayOf("text",
                    patients.stream().map((patient) -> patient.id).toArray()));
            statement.setArray(4, connection.createArrayOf("int8",
                    patients.stream().map((patient) -> patient.firstValidMicros).toArray()));
            statement.setArray(5, connection.createArrayOf("bool",
                    patients.stream().map((patient) -> !patient.batchAlerts.isEmpty()).toArray()));
            try (ResultSet readings = statement.executeQuery()) {
                while (readings.next()) {
                    Patient patient = patients.get(readings.getInt(1) - 1);
                    OffsetDateTime time = readings.getObject(3, OffsetDateTime.class);
                    patient.read = true;
                    if (time != null) {
                        patient.readings.add(new Reading(new Position(EpochMicros.of(time.toInstant()),
                                readings.getLong(2)), readings.getBoolean(4)));
                    }
                }
            }
        }
    }

    // The alert a non-valid row of the batch gets when it is written.
    private record BatchAlert(int index, Position position) {
    }

    // One patient's readings in the batch (unless written already), then the stored readings read for it.
    private static final class Patient {

        private final String id;

        private final List<Reading> readings = new ArrayList<>();

        private final List<BatchAlert> batchAlerts = new ArrayList<>();

        private long firstValidMicros = Long.MAX_VALUE;

        private boolean read;

        Patient(String id) {
            this.id = id;
        }

        void add(int index, ClassifiedReading reading, boolean written) {
            long micros = EpochMicros.of(reading.timestamp());
            if (reading.isValid()) {
                this.firstValidMicros = Math.min(this.firstValidMicros, micros);
            }
            if (written) {
                return;
            }
            Position position = new Position(micros, PatientStreaks.FIRST_BATCH_PLACE + index);
            this.readings.add(new Reading(position, reading.isValid()));
            if (!reading.isValid()) {
                this.batchAlerts.add(new BatchAlert(index, position));
            }
        }

        private boolean storedAlertBetween(Position from, Position to) {
            for (Reading reading : this.readings) {
                Position position = reading.position();
                if (!reading.valid() && position.place() < PatientStreaks.FIRST_BATCH_PLACE
                        && position.compareTo(from) >= 0 && position.compareTo(to) < 0) {
                    return true;
                }
            }
            return false;
        }

        void resolve(PatientStreaks streaks, Recoveries recoveries) {
            Position after = null;
            for (Recovery streak : streaks.recoveries()) {
                // Stored alerts are older than the window, or at a stored non-valid reading inside it.
                if (after == null || storedAlertBetween(after, streak.start())) {
                    recoveries.resolveBefore(this.id, after, streak);
                }
                after = streak.start();
            }
            for (BatchAlert alert : this.batchAlerts) {
                streaks.resolvedAt(alert.position()).ifPresent((at) -> recoveries.resolveRow(alert.index(), at));
            }
        }
    }
}
