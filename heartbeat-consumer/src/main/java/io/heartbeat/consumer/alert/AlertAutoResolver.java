package io.heartbeat.consumer.alert;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.heartbeat.consumer.batch.HeartbeatRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Resolves the open alerts of the batch's patients that have since sent enough consecutive valid readings. It runs
 * inside the batch's transaction, so the alerts and the readings that resolve them commit together, whichever
 * consumer instance writes them. One rule, worked out in memory by {@link RecoveryPlanner}: before a COPY, which
 * inserts the batch's own alerts already resolved, or after a statement that skipped stored keys.
 */
@Component
@EnableConfigurationProperties(AlertLifecycleSettings.class)
public class AlertAutoResolver {

    private static final Logger logger = LoggerFactory.getLogger(AlertAutoResolver.class);

    private final RecoveryPlanner planner;

    public AlertAutoResolver(AlertLifecycleSettings settings) {
        this.planner = new RecoveryPlanner(settings.resolveAfterValid(), settings.automaticResolver());
    }

    /**
     * Works out, before {@code rows} are written, which alerts they resolve: the batch's own and stored ones. It
     * counts each row as new, so it is only for a batch that inserts every row, as a COPY does.
     */
    public Recoveries planRecoveries(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        Recoveries recoveries = this.planner.planBeforeWriting(connection, rows);
        logger.debug("{} rows: {} streaks resolve stored alerts", rows.size(), recoveries.streaks());
        return recoveries;
    }

    /**
     * Resolves, after {@code rows} are written (inserted, or found stored already), the stored alerts they recover;
     * returns how many.
     */
    public int resolveRecovered(Connection connection, List<HeartbeatRow> rows) throws SQLException {
        int resolved = this.planner.planWritten(connection, rows).resolveStored(connection);
        logger.debug("Resolved {} alerts after writing {} rows", resolved, rows.size());
        return resolved;
    }
}
