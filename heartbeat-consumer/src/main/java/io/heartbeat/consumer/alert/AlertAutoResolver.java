package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heartbeat.consumer.batch.EpochMicros;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Resolves the open alerts of the batch's patients that have since sent enough consecutive valid readings. It runs
 * inside the batch's transaction, so the alerts and the readings that resolve them commit together, whichever
 * consumer instance writes them. A batch loaded by COPY has its {@link Recoveries} planned before it is written;
 * one written by the statement that skips stored keys is resolved afterwards by one statement.
 */
@Component
@EnableConfigurationProperties(AlertLifecycleSettings.class)
public class AlertAutoResolver {

    private static final Logger logger = LoggerFactory.getLogger(AlertAutoResolver.class);

    private final AlertLifecycleSettings settings;

    private final RecoveryPlanner planner;

    public AlertAutoResolver(AlertLifecycleSettings settings) {
        this.settings = settings;
        this.planner = new RecoveryPlanner(settings.resolveAfterValid(), settings.automaticResolver());
    }

    /**
     * Works out, before {@code rows} are written, which alerts they resolve: the batch's own and stored ones. It
     * counts each row as new, so it is only for a batch that inserts every row, as a COPY does.
     */
    public Recoveries planRecoveries(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Recoveries recoveries = this.planner.plan(connection, rows);
        logger.debug("{} rows: {} streaks resolve stored alerts", rows.size(), recoveries.streaks());
        return recoveries;
    }

    /**
     * Runs, after {@code rows} are written, one statement for the patients with a valid reading among
     * {@code rows}, none when there is no such patient; returns how many alerts it resolved. Custom plans
     * are forced from it to the commit, so it comes last in its transaction.
     */
    public int resolveRecovered(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Map<String, Instant> earliestValid = earliestValidReadings(rows);
        if (earliestValid.isEmpty()) {
            return 0;
        }
        int k = this.settings.resolveAfterValid();
        try (Statement statement = connection.createStatement()) {
            statement.execute(AlertResolutionSql.CUSTOM_PLANS_FROM_HERE);
        }
        try (PreparedStatement statement = connection.prepareStatement(AlertResolutionSql.RESOLVE_RECOVERED)) {
            statement.setArray(1, connection.createArrayOf("text", earliestValid.keySet().toArray(String[]::new)));
            statement.setArray(2, connection.createArrayOf("int8",
                    earliestValid.values().stream().map(EpochMicros::of).toArray(Long[]::new)));
            statement.setInt(3, k - 1);
            statement.setInt(4, k);
            statement.setString(5, this.settings.automaticResolver());
            int resolved = statement.executeUpdate();
            logger.debug("Resolved {} alerts of {} patients with valid readings", resolved, earliestValid.size());
            return resolved;
        }
    }

    private static Map<String, Instant> earliestValidReadings(List<HeartbeatRow> rows) {
        Map<String, Instant> earliest = new TreeMap<>();
        for (HeartbeatRow row : rows) {
            ClassifiedReading reading = row.reading();
            if (reading.isValid()) {
                earliest.merge(reading.patientId(), reading.timestamp(),
                        (known, other) -> known.isBefore(other) ? known : other);
            }
        }
        return earliest;
    }
}
