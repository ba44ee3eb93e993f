package io.heartbeat.consumer.persistence;

/**
 * A batch could not be written for a reason other than its values (PostgreSQL unreachable, shutting down ...);
 * nothing of it is committed and the whole batch can be retried.
 */
public class BatchWriteException extends RuntimeException {

    BatchWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
