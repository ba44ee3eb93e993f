package io.heartbeat.config;

/**
 * Thrown at start-up, before any migration, when the server is of an older major version than the service needs.
 */
public class UnsupportedPostgresException extends IllegalStateException {

    public UnsupportedPostgresException(String serverVersion, int minimumMajorVersion, String neededFor) {
        super("PostgreSQL " + serverVersion + " is older than the " + minimumMajorVersion + " the consumer needs ("
                + neededFor + ")");
    }
}
