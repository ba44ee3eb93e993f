package io.heartbeat.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTests {

    private static final long SEED = 20261125L;

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.123Z", "2026-11-25T10:15:30.123456Z",
            "2026-11-25T10:15:30.123456789Z", "2026-11-25T10:15Z", "2026-11-25T10:15:30+01:00",
            "2026-11-25T10:15:30.5-05:30", "2024-02-29T23:59:59.999999999+18:00", "0001-01-01T00:00:00+18:00",
            "9999-12-31T23:59:59.999999999-18:00", "1970-01-01T00:00:00-00:00" })
    void producerFormsTakeTheFastPathAndMatchTheJdk(String text) {
        assertThat(IsoInstants.parseCommonForm(text)).isNotNull().isEqualTo(reference(text));
    }

    @Test
    void everyInstantTheProducerWritesTakesTheFastPath() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 10_000; i++) {
            Instant time = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                    random.nextInt(1_000_000_000));
            for (Instant written : new Instant[] { time, time.truncatedTo(ChronoUnit.MILLIS),
                    time.truncatedTo(ChronoUnit.SECONDS) }) {
                assertThat(IsoInstants.parseCommonForm(written.toString())).isEqualTo(written);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25t10:15:30z", "2026-11-25T10:15:30+01", "2026-11-25T10:15:30+0100",
            "2026-11-25T10:15:30+01:00:00", "2026-11-25T10:15:30.Z", "+2026-11-25T10:15:30Z",
            "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T23:60:00Z",
            "2026-11-25T23:59:60Z", "2026-11-25T10:15:30+18:01", "2026-11-25T10:15:30+19:00",
            "2026-11-25T10:15:30.1234567891Z", "2026-11-25T10:15:30", "2026-11-25 10:15:30Z", "2026-11-25T10:15.5Z",
            "2026-11-25T10:15:30Z ", " 2026-11-25T10:15:30Z", "2026-1-25T10:15:30Z", "2026-11-25T1:15:30Z",
            "２０２６-11-25T10:15:30Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "", "Z",
            "2026-11-25T10:15:30[Europe/Paris]", "2026-11-25T10:15:30+01:00[Europe/Paris]" })
    void otherFormsGetTheJdksAnswer(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(reference(text));
    }

    @Test
    void generatedDateTimesMatchTheJdk() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 100_000; i++) {
            String text = generated(random);
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void mutatedDateTimesMatchTheJdk() {
        SplittableRandom random = new SplittableRandom(SEED);
        String alphabet = "0123456789-:T.Z+tz ";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder(generated(random));
            int at = random.nextInt(text.length());
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, c);
                case 1 -> text.deleteCharAt(at);
                default -> text.insert(at, c);
            }
            assertThat(IsoInstants.parse(text.toString())).as(text.toString()).isEqualTo(reference(text.toString()));
        }
    }

    // Fields mostly in range, with every boundary and just beyond it, and every offset and fraction shape.
    private static String generated(SplittableRandom random) {
        StringBuilder text = new StringBuilder(40);
        int year = switch (random.nextInt(10)) {
            case 0 -> random.nextInt(0, 3);
            case 1 -> random.nextInt(9998, 10001);
            default -> random.nextInt(1, 10000);
        };
        text.append(year > 9999 ? "+" + year : String.format("%04d", year));
        text.append(String.format("-%02d-%02d", random.nextInt(0, 14), random.nextInt(0, 33)));
        text.append(random.nextInt(20) == 0 ? 't' : 'T');
        text.append(String.format("%02d:%02d", random.nextInt(0, 25), random.nextInt(0, 61)));
        if (random.nextInt(5) != 0) {
            text.append(String.format(":%02d", random.nextInt(0, 61)));
            int digits = random.nextInt(0, 11);
            if (digits > 0 || random.nextInt(10) == 0) {
                text.append('.');
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
        }
        text.append(offset(random));
        return text.toString();
    }

    private static String offset(SplittableRandom random) {
        String sign = random.nextBoolean() ? "+" : "-";
        int hours = random.nextInt(0, 20);
        int minutes = (random.nextInt(4) == 0) ? random.nextInt(0, 61) : 0;
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> "Z";
            case 3 -> "z";
            case 4 -> String.format("%s%02d", sign, hours);
            case 5 -> String.format("%s%02d%02d", sign, hours, minutes);
            case 6 -> String.format("%s%02d:%02d:%02d", sign, hours, minutes, random.nextInt(0, 61));
            default -> String.format("%s%02d:%02d", sign, hours, minutes);
        };
    }

    private static Instant reference(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            return (time.getYear() < 1 || time.getYear() > 9999) ? null : time.toInstant();
        }
        catch (DateTimeException ex) {
            return null;
        }
    }
}
