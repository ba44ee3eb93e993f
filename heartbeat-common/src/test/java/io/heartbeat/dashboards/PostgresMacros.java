package io.heartbeat.dashboards;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The macros of Grafana's PostgreSQL datasource, expanded as its backend does
 * (pkg/tsdb/grafana-postgresql-datasource/macros.go). Only the macros the dashboards and rules use are
 * implemented; any other fails, so a new one cannot slip in untested.
 */
final class PostgresMacros {

    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private PostgresMacros() {
    }

    static String expand(String sql, Instant from, Instant to) {
        Matcher matcher = MACRO.matcher(sql);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            // Grafana before 5.3 aliased $__timeGroup itself; a ',' right after it still means the alias
            int end = sql.indexOf(matcher.group()) + matcher.group().length();
            if (name.equals("__timeGroup") && end < sql.length() && sql.charAt(end) == ',') {
                name = "__timeGroupAlias";
            }
            List<String> args = Arrays.stream(matcher.group(2).split(",", -1)).map(String::strip).toList();
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(evaluate(name, args, from, to)));
        }
        return matcher.appendTail(expanded).toString();
    }

    private static String evaluate(String name, List<String> args, Instant from, Instant to) {
        return switch (name) {
            case "__timeFilter" -> column(name, args) + " BETWEEN '" + rfc3339Nano(from) + "' AND '"
                    + rfc3339Nano(to) + "'";
            case "__timeFrom" -> "'" + rfc3339Nano(from) + "'";
            case "__timeTo" -> "'" + rfc3339Nano(to) + "'";
            case "__timeGroup" -> timeGroup(args);
            case "__timeGroupAlias" -> timeGroup(args) + " AS \"time\"";
            default -> throw new IllegalArgumentException("Macro $" + name + " is unknown or not implemented here");
        };
    }

    private static String timeGroup(List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("$__timeGroup takes a column and an interval (fill is not"
                    + " implemented here): " + args);
        }
        String seconds = seconds(parseInterval(args.get(1).replace("'", "")));
        return "floor(extract(epoch from " + args.get(0) + ")/" + seconds + ")*" + seconds;
    }

    private static String column(String name, List<String> args) {
        if (args.get(0).isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro " + name);
        }
        return args.get(0);
    }

    /** gtime.ParseInterval, for the units a dashboard interval uses. */
    static Duration parseInterval(String interval) {
        Matcher matcher = INTERVAL.matcher(interval);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("error parsing interval " + interval);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Go's %v of the interval's seconds: shortest decimal, plain below 1e6 (Go switches to 1e+06 there). */
    private static String seconds(Duration interval) {
        if (interval.toSeconds() >= 1_000_000) {
            throw new IllegalArgumentException("Intervals of 1e6 s and more print in Go's exponent form: " + interval);
        }
        return BigDecimal.valueOf(interval.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Go's time.RFC3339Nano in UTC: fraction without trailing zeros, none for whole seconds. */
    static String rfc3339Nano(Instant instant) {
        String iso = DateTimeFormatter.ISO_INSTANT.format(instant);
        int dot = iso.indexOf('.');
        if (dot < 0) {
            return iso;
        }
        String fraction = iso.substring(dot + 1, iso.length() - 1).replaceAll("0+$", "");
        return iso.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }
}
