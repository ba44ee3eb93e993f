package io.heartbeat.consumer.persistence;

import java.math.BigDecimal;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bytes of the binary COPY format; {@link BinaryCopyRowsIntegrationTests} has PostgreSQL read them.
 */
class BinaryCopyRowsTests {

    private static final int HEADER = 19;

    @Test
    void aNumericIsItsSignWeightScaleAndBaseTenThousandDigits() {
        // -1234567.05 = -(123 * 10000^1 + 4567 * 10000^0 + 500 * 10000^-1), display scale 2.
        assertThat(fieldBytes(new BinaryCopyRows(0).numeric(new BigDecimal("-1234567.05"))))
            .containsExactly(0, 0, 0, 14, 0, 3, 0, 1, 0x40, 0, 0, 2, 0, 123, 0x11, 0xd7, 0x01, 0xf4);
        // An integer: 120000 = 12 * 10000^1, the trailing zero digit dropped.
        assertThat(fieldBytes(new BinaryCopyRows(0).numeric(new BigDecimal("120000"))))
            .containsExactly(0, 0, 0, 10, 0, 1, 0, 1, 0, 0, 0, 0, 0, 12);
        // 0.00 has no digits at all but keeps its scale.
        assertThat(fieldBytes(new BinaryCopyRows(0).numeric(new BigDecimal("0.00"))))
            .containsExactly(0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2);
    }

    @Test
    void numbersBeyondTheBinaryFormAreRefusedBeforeAnythingIsSent() {
        assertThatExceptionOfType(BinaryCopyRows.UnencodableValueException.class)
            .isThrownBy(() -> new BinaryCopyRows(0).numeric(new BigDecimal("1E+200000")))
            .withMessage("numeric with precision 1 and scale -200000 has no binary COPY form");
        assertThatExceptionOfType(BinaryCopyRows.UnencodableValueException.class)
            .isThrownBy(() -> new BinaryCopyRows(0).numeric(new BigDecimal("1E-16384")));
        assertThat(fieldBytes(new BinaryCopyRows(0).numeric(new BigDecimal("1E+11999")))).hasSize(4 + 10);
    }

    @Test
    void theStreamIsTheHeaderTheRowsAndTheTrailer() {
        BinaryCopyRows rows = new BinaryCopyRows(0).startRow(2).int4(7).nullField().finish();

        assertThat(unsigned(Arrays.copyOf(rows.buffer(), rows.length()))).containsExactly(
                'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff,
                0xff, 0xff);
    }

    private static int[] fieldBytes(BinaryCopyRows rows) {
        return unsigned(Arrays.copyOfRange(rows.buffer(), HEADER, rows.length()));
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
