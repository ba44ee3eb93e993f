package io.heartbeat.validation;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawPayloadTests {

    @Test
    void validUtf8IsKeptAsIs() {
        String text = "{\"patient_id\":\"Zoë 患者 🫀\"}";

        assertThat(RawPayload.toText(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void nulBytesAreEscaped() {
        byte[] payload = { 'a', 0, 'b' };

        assertThat(RawPayload.toText(payload)).isEqualTo("a\\x00b");
    }

    @Test
    void invalidUtf8BytesAreEscapedAndTheRestKept() {
        byte[] payload = { 'o', 'k', (byte) 0xff, (byte) 0xfe, 'é' >> 8, 'z' };

        assertThat(RawPayload.toText(payload)).isEqualTo("ok\\xff\\xfe\\x00z");
    }

    @Test
    void truncatedMultiByteSequenceIsEscaped() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] payload = { 'x', euro[0], euro[1] };

        assertThat(RawPayload.toText(payload)).isEqualTo("x\\xe2\\x82");
    }

    @Test
    void everySingleByteIsKeptOrEscaped() {
        for (int b = 0; b < 256; b++) {
            byte[] payload = { 'a', (byte) b, 'z' };
            String expected = (b == 0) ? "a\\x00z" : (b < 0x80) ? "a" + (char) b + "z"
                    : "a\\x" + Integer.toHexString(b) + "z";

            assertThat(RawPayload.toText(payload)).as("byte %02x", b).isEqualTo(expected);
        }
    }

    @Test
    void replacementCharacterSentAsSuchIsKept() {
        String text = "{\"patient_id\":\"a\uFFFDb\"}";

        assertThat(RawPayload.toText(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void emptyPayloadIsEmptyText() {
        assertThat(RawPayload.toText(new byte[0])).isEmpty();
    }

    @Test
    void nullStaysNull() {
        assertThat(RawPayload.toText(null)).isNull();
    }
}
