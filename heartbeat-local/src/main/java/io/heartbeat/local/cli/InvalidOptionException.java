package io.heartbeat.local.cli;

/** A command line the launcher cannot run; the message is the one line printed before exiting with status 2. */
public class InvalidOptionException extends RuntimeException {

    public InvalidOptionException(String message) {
        super(message);
    }
}
