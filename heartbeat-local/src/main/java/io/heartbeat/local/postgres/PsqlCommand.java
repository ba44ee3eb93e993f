package io.heartbeat.local.postgres;

import java.util.regex.Pattern;

import io.heartbeat.config.PostgresSettings;

/**
 * A {@code psql} command line, ready to paste into a POSIX shell, that logs into the given database.
 * <p>
 * A password that came from POSTGRES_PASSWORD is referenced as {@code $POSTGRES_PASSWORD} rather than printed;
 * only the built-in default shows in clear.
 */
public final class PsqlCommand {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:/@%+=-]+");

    private PsqlCommand() {
    }

    public static String of(PostgresSettings postgres, boolean passwordFromEnvironment) {
        String password = passwordFromEnvironment ? "\"$POSTGRES_PASSWORD\"" : shellQuote(postgres.password());
        return "PGPASSWORD=" + password + " psql -h " + shellQuote(postgres.host()) + " -p " + postgres.port()
                + " -U " + shellQuote(postgres.user()) + " -d " + shellQuote(postgres.database());
    }

    static String shellQuote(String value) {
        if (PLAIN.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
