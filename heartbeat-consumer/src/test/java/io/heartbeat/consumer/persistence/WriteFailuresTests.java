package io.heartbeat.consumer.persistence;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.DateTimeException;

import io.heartbeat.consumer.persistence.WriteFailures.Kind;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

import static org.assertj.core.api.Assertions.assertThat;

class WriteFailuresTests {

    @ParameterizedTest
    @CsvSource({
            "22003, numeric_value_out_of_range",
            "22001, string_data_right_truncation",
            "22P05, untranslatable_character",
            "22021, character_not_in_repertoire",
            "22008, datetime_field_overflow",
            "23502, not_null_violation",
            "23505, unique_violation",
            "23514, check_violation" })
    void dataExceptionsAndIntegrityViolationsAreRefusalsOfARecord(String sqlState, String name) {
        assertThat(WriteFailures.isRecordRefusal(new SQLException(name, sqlState))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "08001, sqlclient_unable_to_establish_sqlconnection",
            "08006, connection_failure",
            "57P01, admin_shutdown",
            "57P02, crash_shutdown",
            "57P03, cannot_connect_now",
            "53300, too_many_connections",
            "40001, serialization_failure",
            "40P01, deadlock_detected",
            "3D000, invalid_catalog_name",
            "55000, object_not_in_prerequisite_state",
            "42P01, undefined_table" })
    void everythingElseCanBeRetried(String sqlState, String name) {
        assertThat(WriteFailures.isRecordRefusal(new SQLException(name, sqlState))).isFalse();
    }

    @ParameterizedTest
    @NullSource
    void aFailureWithoutSqlStateCanBeRetried(String sqlState) {
        assertThat(WriteFailures.isRecordRefusal(new SQLTransientConnectionException("pool timeout", sqlState)))
            .isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "08006, connection_failure",
            "08001, sqlclient_unable_to_establish_sqlconnection",
            "57P01, admin_shutdown",
            "53100, disk_full",
            "40P01, deadlock_detected",
            "55000, object_not_in_prerequisite_state",
            "42501, insufficient_privilege",
            "25006, read_only_sql_transaction",
            "XX000, internal_error" })
    void aFailureOfTheDatabaseIsRetriedWholeWhateverTheRows(String sqlState, String name) {
        assertThat(WriteFailures.classify(new BatchWriteException("Could not write", new SQLException(name, sqlState))))
            .isEqualTo(Kind.DATABASE);
    }

    @Test
    void aPoolTimeoutOrALostSocketIsTheDatabase() {
        assertThat(WriteFailures.classify(new BatchWriteException("Could not write",
                new SQLTransientConnectionException("Connection is not available, request timed out after 5000ms"))))
            .isEqualTo(Kind.DATABASE);
        assertThat(WriteFailures.classify(new SQLException("An I/O error occurred while sending to the backend.",
                "08006", new SocketTimeoutException("Read timed out")))).isEqualTo(Kind.DATABASE);
        assertThat(WriteFailures.classify(new IllegalStateException(new SocketTimeoutException("Read timed out"))))
            .isEqualTo(Kind.DATABASE);
    }

    @Test
    void aCancelledStatementIsATimeout() {
        assertThat(WriteFailures.classify(new BatchWriteException("Could not write",
                new SQLException("canceling statement due to statement timeout", "57014")))).isEqualTo(Kind.TIMED_OUT);
    }

    @Test
    void aRefusedValueOrAJavaFailureOnTheDataIsTheRecords() {
        assertThat(WriteFailures.classify(new SQLException("value out of range", "22003"))).isEqualTo(Kind.RECORD);
        assertThat(WriteFailures.classify(new ArithmeticException("long overflow"))).isEqualTo(Kind.RECORD);
        assertThat(WriteFailures.classify(new DateTimeException("Instant exceeds minimum or maximum instant")))
            .isEqualTo(Kind.RECORD);
        assertThat(WriteFailures.classify(new IllegalStateException("Wrote 3 corrupted rows but 2 alerts")))
            .isEqualTo(Kind.RECORD);
    }

    @ParameterizedTest
    @CsvSource({
            "08006, true",
            "08003, true",
            "08001, true",
            "57P01, false",
            "22003, false",
            "53300, false" })
    void onlyClass08IsAFailedConnection(String sqlState, boolean connectionFailure) {
        assertThat(WriteFailures.isConnectionFailure(new SQLException("failure", sqlState)))
            .isEqualTo(connectionFailure);
        assertThat(WriteFailures.isConnectionFailure(new SQLException("no state"))).isFalse();
    }
}
