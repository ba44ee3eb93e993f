package io.heartbeat.config;

/**
 * Thrown at start-up, before any migration, when the consumer's schema holds what it did not make: the original
 * project's tables, or anyone else's (README, "Coming from the original project"). The message is what follows the
 * database's name in the one line that stops start-up.
 */
public class UnexpectedSchemaException extends IllegalStateException {

    private final String headline;

    public UnexpectedSchemaException(String headline, String message) {
        super(message);
        this.headline = headline;
    }

    /** What was found, in a few words: the start of the line. */
    public String headline() {
        return this.headline;
    }
}
