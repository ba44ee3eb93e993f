package io.heartbeat.dashboards;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Clinical alarms (patient_alarms) to go with {@link SeededHeartbeats}, times relative to its NOW (10:00:00): every
 * state, automatic and operator resolutions, alarms resolved before, in and after the dashboard's default range
 * (09:45 to 10:00), one that started two hours before it and still goes on, and one of a patient without readings.
 * As the consumer writes them: an automatic resolution at the episode's end, an operator's possibly before it.
 */
final class SeededAlarms {

    private static final String INSERT = "INSERT INTO patient_alarms (patient_id, kind, started_at, detected_at,"
            + " ended_at, state, acknowledged_at, acknowledged_by, resolved_at, resolved_by) VALUES ";

    private static final String ALARMS = INSERT + """
            ('p-005', 'sustained_bradycardia', '2026-11-25T09:00:00Z', '2026-11-25T09:00:09Z',
             '2026-11-25T09:03:00Z', 'resolved', NULL, NULL, '2026-11-25T09:03:00Z', 'auto (5 valid readings)'),
            ('p-006', 'device_silent', '2026-11-25T08:00:00Z', '2026-11-25T08:00:30.5Z',
             NULL, 'acknowledged', '2026-11-25T08:05:00Z', 'nurse.kim', NULL, NULL),
            ('p-001', 'sustained_bradycardia', '2026-11-25T09:40:00Z', '2026-11-25T09:40:09Z',
             '2026-11-25T09:46:00Z', 'resolved', NULL, NULL, '2026-11-25T09:44:00Z', 'dr.ng'),
            ('p-003', 'sustained_tachycardia', '2026-11-25T09:50:00Z', '2026-11-25T09:50:08Z',
             '2026-11-25T09:52:00Z', 'resolved', '2026-11-25T09:51:00Z', 'nurse.kim', '2026-11-25T09:52:00Z',
             'auto (5 valid readings)'),
            ('p-004', 'device_silent', '2026-11-25T09:49:00Z', '2026-11-25T09:49:31Z',
             NULL, 'open', NULL, NULL, NULL, NULL),
            ('p-002', 'sustained_bradycardia', '2026-11-25T09:59:20Z', '2026-11-25T09:59:29.5Z',
             NULL, 'acknowledged', '2026-11-25T09:59:40Z', 'nurse.kim', NULL, NULL),
            ('p-001', 'sustained_tachycardia', '2026-11-25T09:59:35Z', '2026-11-25T09:59:44.25Z',
             NULL, 'open', NULL, NULL, NULL, NULL),
            ('p-003', 'device_silent', '2026-11-25T09:59:15Z', '2026-11-25T09:59:47Z',
             NULL, 'open', NULL, NULL, NULL, NULL)
            """;

    private SeededAlarms() {
    }

    /**
     * Alarm ids 1 to 8 in this order: p-005's bradycardia resolved at 09:03; p-006 silent since 08:00, acknowledged;
     * p-001's bradycardia resolved by an operator at 09:44, before it ended at 09:46; p-003's tachycardia,
     * acknowledged, then resolved at its end at 09:52; p-004 silent since 09:49; p-002's bradycardia, acknowledged;
     * p-001's tachycardia and p-003's silence, open.
     */
    static void insertInto(DataSource owner) {
        new JdbcTemplate(owner).update(ALARMS);
    }
}
