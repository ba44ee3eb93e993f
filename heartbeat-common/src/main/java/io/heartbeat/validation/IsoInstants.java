package io.heartbeat.validation;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads ISO-8601 date-times as instants: a fast path for the forms producers write, the JDK's parser for any other
 * text, so both accept exactly the same texts (docs/consumer.md, "Timestamps").
 */
final class IsoInstants {

    // Years PostgreSQL's timestamptz and any real device clock agree on.
    private static final int MIN_YEAR = 1;

    private static final int MAX_YEAR = 9999;

    private static final int DAYS_0000_TO_1970 = 719_528;

    private static final int SECONDS_PER_DAY = 86_400;

    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private static final int[] NANOS_PER_DIGIT = { 0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000,
            100, 10, 1 };

    // ISO_OFFSET_DATE_TIME with its offset optional: one pass decides both forms by the JDK's own rules.
    private static final DateTimeFormatter OFFSET_OPTIONAL = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .parseLenient()
            .appendOffsetId()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private IsoInstants() {
    }

    /** The instant {@code text} denotes, read in {@code zone} if it has no offset; {@code null} if it is none. */
    static Instant parse(String text, ZoneId zone) {
        Instant instant = parseCommonForm(text, zone);
        return (instant != null) ? instant : parseAnyForm(text, zone);
    }

    /**
     * The fast path alone: {@code yyyy-MM-ddTHH:mm[:ss[.S…]]} then {@code Z}, {@code ±HH:mm} or nothing, in ASCII
     * digits with every field in range; {@code null} for any text it leaves to the JDK's parser.
     */
    static Instant parseCommonForm(String text, ZoneId zone) {
        int length = text.length();
        if (length < 16 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        int position = 16;
        int second = 0;
        int nano = 0;
        if (length >= 19 && text.charAt(position) == ':') {
            second = digits(text, 17, 2);
            if (second < 0 || second > 59) {
                return null;
            }
            position = 19;
            if (position < length && text.charAt(position) == '.') {
                int start = ++position;
                while (position < length && position - start < 9 && isDigit(text.charAt(position))) {
                    nano = nano * 10 + (text.charAt(position++) - '0');
                }
                if (position == start) {
                    return null;
                }
                nano *= NANOS_PER_DIGIT[position - start];
            }
        }
        long localSecond = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
        if (position == length) {
            if (zone instanceof ZoneOffset fixed) {
                return Instant.ofEpochSecond(localSecond - fixed.getTotalSeconds(), nano);
            }
            return inZone(LocalDateTime.of(year, month, day, hour, minute, second, nano), zone);
        }
        int offset = offsetSeconds(text, position);
        return (offset == Integer.MIN_VALUE) ? null : Instant.ofEpochSecond(localSecond - offset, nano);
    }

    private static Instant parseAnyForm(String text, ZoneId zone) {
        try {
            TemporalAccessor parsed = OFFSET_OPTIONAL.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime time) {
                return (time.getYear() < MIN_YEAR || time.getYear() > MAX_YEAR) ? null : time.toInstant();
            }
            LocalDateTime time = (LocalDateTime) parsed;
            return (time.getYear() < MIN_YEAR || time.getYear() > MAX_YEAR) ? null : inZone(time, zone);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    // ofLocal without a preferred offset: forward across a gap, the earlier offset in an overlap.
    private static Instant inZone(LocalDateTime time, ZoneId zone) {
        return ZonedDateTime.ofLocal(time, zone, null).toInstant();
    }

    // "Z" or "±HH:mm" ending the text, at most 18 hours; Integer.MIN_VALUE for anything else.
    private static int offsetSeconds(String text, int position) {
        int length = text.length();
        if (length == position + 1 && text.charAt(position) == 'Z') {
            return 0;
        }
        if (length != position + 6 || text.charAt(position + 3) != ':') {
            return Integer.MIN_VALUE;
        }
        char sign = text.charAt(position);
        int hours = digits(text, position + 1, 2);
        int minutes = digits(text, position + 4, 2);
        int seconds = hours * 3600 + minutes * 60;
        if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59 || seconds > MAX_OFFSET_SECONDS) {
            return Integer.MIN_VALUE;
        }
        return (sign == '+') ? seconds : -seconds;
    }

    // The value of count ASCII digits at start, or -1 if any is not one.
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // As LocalDate.toEpochDay, for years 1 to 9999.
    private static long epochDay(int year, int month, int day) {
        long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400
                + (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            days -= Year.isLeap(year) ? 1 : 2;
        }
        return days - DAYS_0000_TO_1970;
    }
}
