package io.heartbeat.consumer.persistence;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.batch.EpochMicros;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, each type as its {@code recv} reads it (docs/consumer.md, "The
 * write", step 2). In chunks of {@value #CHUNK_BYTES} bytes: one array a batch would be a G1 humongous allocation,
 * each able to start a marking cycle; in a drain one ran nearly all the time (docs/benchmarks-journal.md, step 26).
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };

    // timestamptz counts microseconds from 2000-01-01T00:00Z.
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private static final int NUMERIC_POSITIVE = 0x0000;

    private static final int NUMERIC_NEGATIVE = 0x4000;

    // numeric's digits are base 10,000: four decimal digits each.
    private static final int DECIMAL_DIGITS_PER_NUMERIC_DIGIT = 4;

    // What numeric_recv accepts: at most 3,000 base-10,000 digits (NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE)
    // and a display scale of at most 0x3FFF. The weight must fit its 16 bits.
    private static final int NUMERIC_MAX_DIGITS = 3000;

    private static final int NUMERIC_MAX_DSCALE = 0x3FFF;

    // Far below half a G1 region (at least 1 MB), the size from which an array is humongous.
    static final int CHUNK_BYTES = 64 * 1024;

    // The chunks filled so far, each up to the length it was filled to.
    private final List<Chunk> filled = new ArrayList<>();

    private byte[] bytes = new byte[CHUNK_BYTES];

    private int length;

    BinaryCopyRows() {
        write(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // header extension length
    }

    BinaryCopyRows startRow(int fields) {
        writeShort(fields);
        return this;
    }

    BinaryCopyRows nullField() {
        writeInt(-1);
        return this;
    }

    BinaryCopyRows int4(int value) {
        writeInt(Integer.BYTES);
        writeInt(value);
        return this;
    }

    BinaryCopyRows int8(long value) {
        writeInt(Long.BYTES);
        writeLong(value);
        return this;
    }

    BinaryCopyRows uuid(UUID value) {
        writeInt(2 * Long.BYTES);
        writeLong(value.getMostSignificantBits());
        writeLong(value.getLeastSignificantBits());
        return this;
    }

    /** A {@code timestamptz}; PostgreSQL keeps microseconds, so finer digits are cut, as its text input rounds. */
    BinaryCopyRows timestamptz(Instant value) {
        return int8(EpochMicros.of(value) - POSTGRES_EPOCH_MICROS);
    }

    /** A {@code text} or {@code varchar}, or NULL; the connection's client encoding is UTF-8. */
    BinaryCopyRows text(String value) {
        return utf8((value != null) ? value.getBytes(StandardCharsets.UTF_8) : null);
    }

    /** A {@code text} or {@code varchar} already in UTF-8, or NULL: for the few values every row repeats. */
    BinaryCopyRows utf8(byte[] value) {
        if (value == null) {
            return nullField();
        }
        writeInt(value.length);
        write(value);
        return this;
    }

    /**
     * A {@code numeric}, or NULL: sign, weight (position of the first base-10,000 digit, 0 for units), display scale
     * and the digits, with the value's own scale, so 72.50 stays 72.50 as it does through text.
     */
    BinaryCopyRows numeric(BigDecimal value) {
        if (value == null) {
            return nullField();
        }
        int scale = Math.max(value.scale(), 0);
        long decimalDigits = (long) value.precision() - value.scale() + scale;
        if (scale > NUMERIC_MAX_DSCALE || decimalDigits > (long) NUMERIC_MAX_DIGITS * DECIMAL_DIGITS_PER_NUMERIC_DIGIT) {
            throw new UnencodableValueException(value);
        }
        BigInteger unscaled = value.setScale(scale).unscaledValue().abs();
        // Pad the fraction to whole base-10,000 digits, so the digits below split at the decimal point.
        int fractionDigits = ceilDiv(scale, DECIMAL_DIGITS_PER_NUMERIC_DIGIT);
        unscaled = unscaled.multiply(BigInteger.TEN.pow(fractionDigits * DECIMAL_DIGITS_PER_NUMERIC_DIGIT - scale));
        short[] digits = baseTenThousand(unscaled);
        int first = 0;
        while (first < digits.length && digits[first] == 0) {
            first++;
        }
        int end = digits.length;
        while (end > first && digits[end - 1] == 0) {
            end--;
        }
        int weight = (first == end) ? 0 : digits.length - fractionDigits - 1 - first;
        if (end - first > NUMERIC_MAX_DIGITS || weight > Short.MAX_VALUE || weight < Short.MIN_VALUE) {
            throw new UnencodableValueException(value);
        }
        writeInt(4 * Short.BYTES + (end - first) * Short.BYTES);
        writeShort(end - first);
        writeShort(weight);
        writeShort((value.signum() < 0) ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
        writeShort(scale);
        for (int i = first; i < end; i++) {
            writeShort(digits[i]);
        }
        return this;
    }

    /** Ends the rows with the trailer; then {@link #stream()} reads the whole of it. */
    BinaryCopyRows finish() {
        writeShort(-1);
        return this;
    }

    /** The bytes written so far, chunk after chunk; each call reads them from the start. */
    InputStream stream() {
        List<InputStream> chunks = new ArrayList<>(this.filled.size() + 1);
        for (Chunk chunk : this.filled) {
            chunks.add(new ByteArrayInputStream(chunk.bytes(), 0, chunk.length()));
        }
        chunks.add(new ByteArrayInputStream(this.bytes, 0, this.length));
        return new SequenceInputStream(Collections.enumeration(chunks));
    }

    // Most significant first, leading zeros allowed (numeric() skips them); a value that fits a long (every heart
    // rate) needs no BigInteger division.
    private static short[] baseTenThousand(BigInteger value) {
        if (value.bitLength() < Long.SIZE) {
            long remaining = value.longValueExact();
            short[] digits = new short[5]; // a long has at most 19 decimal digits
            for (int i = digits.length - 1; remaining > 0; i--) {
                digits[i] = (short) (remaining % 10_000);
                remaining /= 10_000;
            }
            return digits;
        }
        String decimal = value.toString();
        int count = ceilDiv(decimal.length(), DECIMAL_DIGITS_PER_NUMERIC_DIGIT);
        short[] digits = new short[count];
        int end = decimal.length();
        for (int i = count - 1; i >= 0; i--) {
            int start = Math.max(0, end - DECIMAL_DIGITS_PER_NUMERIC_DIGIT);
            digits[i] = Short.parseShort(decimal.substring(start, end));
            end = start;
        }
        return digits;
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private void writeShort(int value) {
        ensure(Short.BYTES);
        this.bytes[this.length++] = (byte) (value >>> 8);
        this.bytes[this.length++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(Integer.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            this.bytes[this.length++] = (byte) (value >>> shift);
        }
    }

    private void writeLong(long value) {
        ensure(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            this.bytes[this.length++] = (byte) (value >>> shift);
        }
    }

    // The stream is read as one: a long text may continue in the next chunk.
    private void write(byte[] data) {
        int written = 0;
        while (written < data.length) {
            ensure(1);
            int part = Math.min(data.length - written, this.bytes.length - this.length);
            System.arraycopy(data, written, this.bytes, this.length, part);
            this.length += part;
            written += part;
        }
    }

    // Room for that many more bytes in the current chunk; the few left at the end of a chunk stay unused.
    private void ensure(int more) {
        if (this.length + more > this.bytes.length) {
            this.filled.add(new Chunk(this.bytes, this.length));
            this.bytes = new byte[CHUNK_BYTES];
            this.length = 0;
        }
    }

    private record Chunk(byte[] bytes, int length) {
    }

    /** A value beyond what its type's binary form carries; PostgreSQL's text input may still take it, or refuse it. */
    static final class UnencodableValueException extends RuntimeException {

        UnencodableValueException(BigDecimal value) {
            super("numeric with precision " + value.precision() + " and scale " + value.scale()
                    + " has no binary COPY form");
        }
    }
}
