package io.heartbeat.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantsTests {

    private static final long SEED = 20261125L;

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    // Zones with a 30-minute DST shift, a southern-hemisphere one and a fractional offset, besides UTC and Paris.
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, PARIS, ZoneId.of("Australia/Lord_Howe"),
            ZoneId.of("America/St_Johns"), ZoneOffset.ofHoursMinutes(-9, -30));

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T10:15:30Z", "2026-11-25T10:15:30.123Z", "2026-11-25T10:15:30.123456Z",
            "2026-11-25T10:15:30.123456789Z", "2026-11-25T10:15Z", "2026-11-25T10:15:30+01:00",
            "2026-11-25T10:15:30.5-05:30", "2024-02-29T23:59:59.999999999+18:00", "0001-01-01T00:00:00+18:00",
            "9999-12-31T23:59:59.999999999-18:00", "1970-01-01T00:00:00-00:00", "2026-12-04T08:00:01",
            "2026-12-03T23:55:26.351028", "2026-11-25T10:15", "2026-11-25T10:15:30.123456789", "0001-01-01T00:00",
            "9999-12-31T23:59:59.999999999" })
    void producerFormsTakeTheFastPathAndMatchTheJdk(String text) {
        for (ZoneId zone : ZONES) {
            assertThat(IsoInstants.parseCommonForm(text, zone)).as(text + " in " + zone).isNotNull()
                .isEqualTo(reference(text, zone));
        }
    }

    @Test
    void everyInstantTheProducerWritesTakesTheFastPath() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 10_000; i++) {
            Instant time = randomInstant(random);
            for (Instant written : new Instant[] { time, time.truncatedTo(ChronoUnit.MILLIS),
                    time.truncatedTo(ChronoUnit.SECONDS) }) {
                assertThat(IsoInstants.parseCommonForm(written.toString(), PARIS)).isEqualTo(written);
            }
        }
    }

    @Test
    void everyTimeTheOriginalProducerWritesTakesTheFastPathAsUtc() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 10_000; i++) {
            Instant time = randomInstant(random).truncatedTo(ChronoUnit.MICROS);
            for (Instant written : new Instant[] { time, time.truncatedTo(ChronoUnit.SECONDS) }) {
                String text = isoformat(written);
                assertThat(IsoInstants.parseCommonForm(text, ZoneOffset.UTC)).as(text).isEqualTo(written);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-12-04T08:00:01,              2026-12-04T08:00:01Z",
            "2026-12-03T23:55:26.351028,       2026-12-03T23:55:26.351028Z",
            "2026-11-25T10:15,                 2026-11-25T10:15:00Z",
            "2026-11-25T10:15:30.5,            2026-11-25T10:15:30.500Z",
            "2026-11-25T10:15:30.123456789,    2026-11-25T10:15:30.123456789Z",
            "2026-11-25T10:15:30.,             2026-11-25T10:15:30Z",
            "2026-11-25t10:15:30,              2026-11-25T10:15:30Z",
            "2026-11-25T10:15:30Z,             2026-11-25T10:15:30Z",
            "2026-11-25t10:15:30.25z,          2026-11-25T10:15:30.250Z",
            "2026-11-25T10:15:30+01:00,        2026-11-25T09:15:30Z",
            "2026-11-25T10:15:30-05:30,        2026-11-25T15:45:30Z",
            "2026-11-25T10:15:30+01,           2026-11-25T09:15:30Z",
            "2026-11-25T10:15:30+01:00:30,     2026-11-25T09:15:00Z",
            "2026-11-25T10:15:30.+01:00,       2026-11-25T09:15:30Z",
            "0001-01-01T00:00:00+01:00,        0000-12-31T23:00:00Z",
            "9999-12-31T23:59:59,              9999-12-31T23:59:59Z" })
    void acceptsTheDocumentedForms(String text, Instant expected) {
        assertThat(IsoInstants.parse(text, ZoneOffset.UTC)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25 10:15:30", "2026-11-25 10:15:30Z", "2026-11-25T10:15:30.1234567891",
            "2026-11-25T10:15:30+0100", "2026-11-25T10:15:30+1", "2026-11-25T10:15:30 +01:00", "2026-11-25T10:15.5",
            "2026-11-25T10", "2026-11-25", "10:15:30", "20261125T101530Z", "2026-11-25T24:00:00",
            "2026-02-29T00:00:00", "0000-12-31T23:59:59", "+10000-01-01T00:00:00", "+2026-11-25T10:15:30",
            "２０２６-11-25T10:15:30", "2026-11-25T10:15:30[Europe/Paris]", "2026-11-25T10:15:30Europe/Paris",
            "2026-11-25T10:15:30+19:00", "2026-11-25T10:15:30 ", " 2026-11-25T10:15:30", "" })
    void rejectsEveryOtherForm(String text) {
        for (ZoneId zone : ZONES) {
            assertThat(IsoInstants.parse(text, zone)).as(text + " in " + zone).isNull();
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
            "2026-11-25T10:15:30[Europe/Paris]", "2026-11-25T10:15:30+01:00[Europe/Paris]", "2026-11-25T10:15:30.",
            "2026-11-25t10:15", "2026-11-25T10:15:3", "2026-11-25T10:15:30+01:00:30" })
    void otherFormsGetTheJdksAnswer(String text) {
        for (ZoneId zone : ZONES) {
            assertThat(IsoInstants.parse(text, zone)).as(text + " in " + zone).isEqualTo(reference(text, zone));
        }
    }

    @ParameterizedTest(name = "{0} in Europe/Paris -> {1}")
    @CsvSource({
            "2026-01-15T09:00:00,           2026-01-15T08:00:00Z",
            "2026-07-15T09:00:00.5,         2026-07-15T07:00:00.500Z",
            // The gap: clocks go from 02:00 to 03:00, so 02:30 does not exist and is read as 03:30 (+02:00).
            "2026-03-29T02:30:00,           2026-03-29T01:30:00Z",
            // The overlap: 02:30 happens twice, at +02:00 and then at +01:00; the earlier offset wins.
            "2026-10-25T02:30:00,           2026-10-25T00:30:00Z",
            "2026-10-25T03:00:00,           2026-10-25T02:00:00Z",
            // A written offset is kept, whatever the zone.
            "2026-01-15T09:00:00Z,          2026-01-15T09:00:00Z",
            "2026-07-15T09:00:00+05:00,     2026-07-15T04:00:00Z" })
    void aDateTimeWithoutOffsetIsTakenInTheGivenZone(String text, Instant expected) {
        assertThat(IsoInstants.parse(text, PARIS)).isEqualTo(expected);
    }

    @Test
    void aFixedOffsetZoneIsAppliedByTheFastPath() {
        assertThat(IsoInstants.parseCommonForm("2026-01-15T09:00", ZoneOffset.ofHours(-5)))
            .isEqualTo(Instant.parse("2026-01-15T14:00:00Z"));
    }

    @Test
    void generatedDateTimesMatchTheJdk() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 100_000; i++) {
            String text = generated(random);
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            assertThat(IsoInstants.parse(text, zone)).as(text + " in " + zone).isEqualTo(reference(text, zone));
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
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            assertThat(IsoInstants.parse(text.toString(), zone)).as(text + " in " + zone)
                .isEqualTo(reference(text.toString(), zone));
        }
    }

    private static Instant randomInstant(SplittableRandom random) {
        return Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L),
                random.nextInt(1_000_000_000));
    }

    // Python's datetime.utcnow().isoformat(): seconds always, six digits of fraction unless the microseconds are 0.
    private static String isoformat(Instant time) {
        LocalDateTime local = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        String seconds = String.format("%04d-%02d-%02dT%02d:%02d:%02d", local.getYear(), local.getMonthValue(),
                local.getDayOfMonth(), local.getHour(), local.getMinute(), local.getSecond());
        int micros = local.getNano() / 1000;
        return (micros == 0) ? seconds : seconds + String.format(".%06d", micros);
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
        return switch (random.nextInt(9)) {
            case 0, 1 -> "Z";
            case 2 -> "";
            case 3 -> "z";
            case 4 -> String.format("%s%02d", sign, hours);
            case 5 -> String.format("%s%02d%02d", sign, hours, minutes);
            case 6 -> String.format("%s%02d:%02d:%02d", sign, hours, minutes, random.nextInt(0, 61));
            default -> String.format("%s%02d:%02d", sign, hours, minutes);
        };
    }

    // The JDK's two parsers, tried in turn: an independent statement of the accepted forms and of the DST rule.
    private static Instant reference(String text, ZoneId zone) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            return (time.getYear() < 1 || time.getYear() > 9999) ? null : time.toInstant();
        }
        catch (DateTimeException ex) {
            // not with an offset; perhaps without one
        }
        try {
            LocalDateTime time = LocalDateTime.parse(text);
            return (time.getYear() < 1 || time.getYear() > 9999) ? null
                    : ZonedDateTime.ofLocal(time, zone, null).toInstant();
        }
        catch (DateTimeException ex) {
            return null;
        }
    }
}
