package io.heartbeat.consumer.persistence;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

class HeartbeatRowBinderTests {

    private static final UUID VALID_ID = UUID.fromString("018f0000-0000-7000-8000-000000000001");

    private static final UUID CORRUPTED_KEY = UUID.fromString("00000000-0000-3000-8000-000000000002");

    private final Connection connection = mock(Connection.class);

    private final PreparedStatement statement = mock(PreparedStatement.class);

    private final Map<Array, String> arrays = new IdentityHashMap<>();

    private final Map<Integer, String> parameters = new TreeMap<>();

    @BeforeEach
    void recordWhatIsBound() throws SQLException {
        given(this.statement.getConnection()).willReturn(this.connection);
        given(this.connection.createArrayOf(anyString(), any())).willAnswer((invocation) -> {
            Array array = mock(Array.class);
            this.arrays.put(array, invocation.getArgument(0) + Arrays.toString(invocation.<Object[]>getArgument(1)));
            return array;
        });
        willAnswer((invocation) -> this.parameters.put(invocation.getArgument(0),
                this.arrays.get(invocation.<Array>getArgument(1))))
            .given(this.statement).setArray(anyInt(), any());
    }

    @Test
    void bindsOneArrayPerColumnInTheStatementsOrder() throws SQLException {
        List<HeartbeatRow> rows = List.of(
                new HeartbeatRow("heartbeats", 2, 40, VALID_ID, new ClassifiedReading(VALID_ID, "p-1",
                        Instant.parse("2026-03-01T10:00:00.123456789Z"), new BigDecimal("72.5"), ValidationStatus.VALID,
                        null, null), null),
                new HeartbeatRow("heartbeats", 5, 41, CORRUPTED_KEY, new ClassifiedReading(null, "unknown",
                        Instant.parse("1969-12-31T23:59:59Z"), null, ValidationStatus.CORRUPTED,
                        AnomalyType.MALFORMED_JSON, "{oops"), "{oops".getBytes(StandardCharsets.UTF_8)));

        HeartbeatRowBinder.bind(this.statement, rows);

        assertThat(this.parameters).containsExactly(
                Map.entry(1, "uuid[" + VALID_ID + ", " + CORRUPTED_KEY + "]"),
                Map.entry(2, "int8[1772359200123456, -1000000]"),
                Map.entry(3, "text[p-1, unknown]"),
                Map.entry(4, "numeric[72.5, null]"),
                Map.entry(5, "text[valid, corrupted]"),
                Map.entry(6, "text[null, malformed_json]"),
                Map.entry(7, "text[null, {oops]"),
                Map.entry(8, "int4[2, 5]"),
                Map.entry(9, "int8[40, 41]"));
    }

    @Test
    void bindsButNeverExecutes() throws SQLException {
        HeartbeatRowBinder.bind(this.statement, List.of());

        verify(this.statement).getConnection();
        verify(this.statement, times(9)).setArray(anyInt(), any());
        verifyNoMoreInteractions(this.statement);
    }
}
