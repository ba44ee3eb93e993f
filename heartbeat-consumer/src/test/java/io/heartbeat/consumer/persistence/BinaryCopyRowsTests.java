package io.heartbeat.consumer.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        assertThat(fieldBytes(new BinaryCopyRows().numeric(new BigDecimal("-1234567.05"))))
            .containsExactly(0, 0, 0, 14, 0, 3, 0, 1, 0x40, 0, 0, 2, 0, 123, 0x11, 0xd7, 0x01, 0xf4);
        // An integer: 120000 = 12 * 10000^1, the trailing zero digit dropped.
        assertThat(fieldBytes(new BinaryCopyRows().numeric(new BigDecimal("120000"))))
            .containsExactly(0, 0, 0, 10, 0, 1, 0, 1, 0, 0, 0, 0, 0, 12);
        // 0.00 has no digits at all but keeps its scale.
        assertThat(fieldBytes(new BinaryCopyRows().numeric(new BigDecimal("0.00"))))
            .containsExactly(0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2);
    }

    @Test
    void numbersBeyondTheBinaryFormAreRefusedBeforeAnythingIsSent() {
        assertThatExceptionOfType(BinaryCopyRows.UnencodableValueException.class)
            .isThrownBy(() -> new BinaryCopyRows().numeric(new BigDecimal("1E+200000")))
            .withMessage("numeric with precision 1 and scale -200000 has no binary COPY form");
        assertThatExceptionOfType(BinaryCopyRows.UnencodableValueException.class)
            .isThrownBy(() -> new BinaryCopyRows().numeric(new BigDecimal("1E-16384")));
        assertThat(fieldBytes(new BinaryCopyRows().numeric(new BigDecimal("1E+11999")))).hasSize(4 + 10);
    }

    @Test
    void theStreamIsTheHeaderTheRowsAndTheTrailer() {
        BinaryCopyRows rows = new BinaryCopyRows().startRow(2).int4(7).nullField().finish();

        assertThat(unsigned(bytes(rows))).containsExactly(
                'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff,
                0xff, 0xff);
    }

    @Test
    void theStreamRunsOnAcrossChunks() {
        // A text three chunks and a bit long, then more rows than a chunk holds, whose fields straddle chunk ends.
        String text = "0123456789abcdef".repeat(3 * BinaryCopyRows.CHUNK_BYTES / 16 + 1);
        BinaryCopyRows rows = new BinaryCopyRows().startRow(1).text(text);
        int longs = BinaryCopyRows.CHUNK_BYTES / 14 + 7;
        for (int i = 0; i < longs; i++) {
            rows.startRow(1).int8(i);
        }
        ByteBuffer stream = ByteBuffer.wrap(bytes(rows.finish()));

        assertThat(stream.remaining()).isEqualTo(HEADER + 2 + 4 + text.length() + longs * 14 + 2);
        stream.position(HEADER);
        assertThat(stream.getShort()).isEqualTo((short) 1);
        assertThat(stream.getInt()).isEqualTo(text.length());
        byte[] textBytes = new byte[text.length()];
        stream.get(textBytes);
        assertThat(new String(textBytes, StandardCharsets.UTF_8)).isEqualTo(text);
        for (int i = 0; i < longs; i++) {
            assertThat(stream.getShort()).isEqualTo((short) 1);
            assertThat(stream.getInt()).isEqualTo(Long.BYTES);
            assertThat(stream.getLong()).isEqualTo(i);
        }
        assertThat(stream.getShort()).isEqualTo((short) -1);
        assertThat(bytes(rows)).as("read again").isEqualTo(stream.array());
    }

    private static int[] fieldBytes(BinaryCopyRows rows) {
        byte[] bytes = bytes(rows);
        return unsigned(Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    private static byte[] bytes(BinaryCopyRows rows) {
        try (InputStream stream = rows.stream()) {
            return stream.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
