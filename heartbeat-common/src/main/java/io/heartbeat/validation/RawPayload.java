package io.heartbeat.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/** Turns a record's bytes into text a PostgreSQL {@code TEXT} accepts: docs/architecture.md, "Classification". */
public final class RawPayload {

    private RawPayload() {
    }

    public static String toText(byte[] payload) {
        if (payload == null) {
            return null;
        }
        // The JDK's own decoding is much cheaper than a strict decoder per payload; it marks every malformed
        // sequence with U+FFFD, so text without one (nor NUL) is exactly what strict decoding would give. Text
        // with one may still be valid (a U+FFFD that was sent): the escaping pass then escapes nothing.
        String lenient = new String(payload, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0 && lenient.indexOf('\0') < 0) {
            return lenient;
        }
        return escapeUnstorableBytes(payload);
    }

    private static String escapeUnstorableBytes(byte[] payload) {
        StringBuilder text = new StringBuilder(payload.length + 16);
        // A new decoder reports malformed input rather than replacing it, so each bad byte can be shown.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(payload);
        CharBuffer out = CharBuffer.allocate(payload.length + 1);
        while (in.hasRemaining()) {
            var result = decoder.decode(in, out, true);
            out.flip();
            appendWithoutNul(text, out);
            out.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    appendByte(text, in.get());
                }
            }
            else if (result.isUnderflow()) {
                break;
            }
        }
        decoder.flush(out);
        out.flip();
        appendWithoutNul(text, out);
        return text.toString();
    }

    private static void appendWithoutNul(StringBuilder text, CharBuffer chars) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c == '\0') {
                appendByte(text, (byte) 0);
            }
            else {
                text.append(c);
            }
        }
    }

    private static void appendByte(StringBuilder text, byte b) {
        text.append("\\x").append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
}
