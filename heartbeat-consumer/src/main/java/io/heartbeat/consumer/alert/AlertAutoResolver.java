package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Reading;
import io.heartbeat.consumer.alert.PatientStreaks.Recovery;
import io.heartbeat.consumer.batch.DayBoundStatements;
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
        List<Patient> patients = patientsToPlan(rows, written);
        if (patients.isEmpty()) {
            return recoveries;
        }
        readOpenSince(connection, patients);
        // Patients with no valid reading in the batch resolve nothing; with no alert in the batch and none open
        // stored, they have nothing to resolve. Neither is read.
        List<Patient> resolving = patients.stream()
            .filter((patient) -> patient.firstValidMicros != Long.MAX_VALUE && patient.bound() != Long.MAX_VALUE)
            .toList();
        if (!resolving.isEmpty()) {
            readWindows(connection, resolving);
            for (Patient patient : resolving) {
                patient.resolve(PatientStreaks.of(patient.readings, patient.firstValidMicros, this.k), recoveries);
            }
        }
        for (Patient patient : patients) {
            patient.keepOpenSince(recoveries);
        }
        return recoveries;
    }

    // The patients with a valid reading in the batch, or an alert it inserts (a batch planned before it is written).
    private static List<Patient> patientsToPlan(List<HeartbeatRow> rows, boolean written) {
        Map<String, Patient> patients = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            ClassifiedReading reading = rows.get(i).reading();
            patients.computeIfAbsent(reading.patientId(), Patient::new).add(i, reading, written);
        }
        return patients.values().stream()
            .filter((patient) -> patient.firstValidMicros != Long.MAX_VALUE || !patient.batchAlerts.isEmpty())
            .toList();
    }

    private static void readOpenSince(Connection connection, List<Patient> patients) throws SQLException {
        Map<String, Patient> byId = new HashMap<>();
        patients.forEach((patient) -> byId.put(patient.id, patient));
        try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.OPEN_SINCE)) {
            statement.setArray(1, connection.createArrayOf("text", byId.keySet().toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byId.get(rows.getString(1)).openSinceMicros =
                            EpochMicros.of(rows.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        }
    }

    // Every day from the earliest bound on may be read, and no day before it.
    private void readWindows(Connection connection, List<Patient> patients) throws SQLException {
        long earliest = patients.stream().mapToLong(Patient::bound).min().orElseThrow();
        try (PreparedStatement statement = DayBoundStatements.prepare(connection,
                AlertResolutionSql.WINDOW_READINGS)) {
            DayBoundStatements.setDayStart(statement, 1, earliest);
            DayBoundStatements.setDayStart(statement, 2, earliest);
            statement.setInt(3, this.k - 1);
            statement.setArray(4, connection.createArrayOf("text",
                    patients.stream().map((patient) -> patient.id).toArray()));
            statement.setArray(5, connection.createArrayOf("int8",
                    patients.stream().map((patient) -> patient.firstValidMicros).toArray()));
            statement.setArray(6, connection.createArrayOf("int8",
                    patients.stream().map(Patient::bound).toArray()));
            DayBoundStatements.setDayStart(statement, 7, earliest);
            try (ResultSet readings = statement.executeQuery()) {
                while (readings.next()) {
                    Patient patient = patients.get(readings.getInt(1) - 1);
                    OffsetDateTime time = readings.getObject(3, OffsetDateTime.class);
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

        // The time from which the patient may have stored open alerts (V12); MAX_VALUE: none.
        private long openSinceMicros = Long.MAX_VALUE;

        // Whether this batch raises open_since, past what it was read as.
        private boolean raised;

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

        /**
         * The earliest reading whose alert may be open: the stored open alerts' open_since or the batch's first
         * alert. A streak that starts before it resolves nothing, so no reading before it is read.
         */
        long bound() {
            return this.batchAlerts.stream().mapToLong((alert) -> alert.position().micros())
                    .reduce(this.openSinceMicros, Math::min);
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
            boolean resolvesStored = false;
            for (Recovery streak : streaks.recoveries()) {
                // Stored alerts are older than the window, or at a stored non-valid reading inside it.
                if (this.openSinceMicros != Long.MAX_VALUE
                        && (after == null || storedAlertBetween(after, streak.start()))) {
                    recoveries.resolveBefore(this.id, this.openSinceMicros, after, streak);
                    resolvesStored = true;
                }
                after = streak.start();
            }
            // Days read are what open_since decides; raising it in every batch rewrote a row per patient.
            if (resolvesStored && this.openSinceMicros < this.firstValidMicros - EpochMicros.DAY) {
                recoveries.raiseOpenSince(this.id, this.openSinceMicros);
                this.raised = true;
            }
            for (BatchAlert alert : this.batchAlerts) {
                streaks.resolvedAt(alert.position()).ifPresent((at) -> recoveries.resolveRow(alert.index(), at));
            }
        }

        /**
         * Lowers open_since to the batch's oldest alert left open, unless it is as early already: most patients of
         * a busy batch have an older alert open, and their row is not even locked. After a raise, whatever it was.
         */
        void keepOpenSince(Recoveries recoveries) {
            long oldest = this.batchAlerts.stream()
                .filter((alert) -> recoveries.resolvedAt(alert.index()) == null)
                .mapToLong((alert) -> alert.position().micros())
                .min()
                .orElse(Long.MAX_VALUE);
            if (oldest != Long.MAX_VALUE && (this.raised || oldest < this.openSinceMicros)) {
                recoveries.lowerOpenSince(this.id, oldest);
            }
        }
    }
}
