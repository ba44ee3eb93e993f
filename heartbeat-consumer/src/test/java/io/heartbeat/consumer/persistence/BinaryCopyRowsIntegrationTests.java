package io.heartbeat.consumer.persistence;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary COPY encoding against a real PostgreSQL: every value must come out exactly as PostgreSQL's own text
 * input of the same value gives it, which is what the {@code INSERT} path stores.
 */
class BinaryCopyRowsIntegrationTests {

    private static TestPostgres.Database database;

    @BeforeAll
    static void createADatabase() {
        database = TestPostgres.freshDatabase();
    }

    @Test
    void numericsMatchTheirTextInput() throws SQLException {
        List<String> values = new ArrayList<>(List.of("0", "0.00", "72", "72.50", "-5", "1E+3", "-1E+5", "0.0001",
                "0.00001", "1e-20", "-0.5", "10000", "9999.9999", "10000.0001", "123456789.123456789",
                "9223372036854775807", "9223372036854775808", "-18446744073709551616.5", "1" + "0".repeat(999),
                "0." + "0".repeat(998) + "1", "300", "12.3456", "100000000", "0.1234",
                "999999999999999999", "-999999999999999999", "1000000000000000000", "-120000", "7"));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            values.add(BigDecimal.valueOf(random.nextLong(), random.nextInt(-25, 40)).toString());
        }
        try (Connection connection = database.dataSource().getConnection()) {
            execute(connection, "CREATE TEMPORARY TABLE numbers (n integer, value numeric)");
            BinaryCopyRows rows = new BinaryCopyRows();
            for (int i = 0; i < values.size(); i++) {
                rows.startRow(2).int4(i).numeric(new BigDecimal(values.get(i)));
            }
            rows.startRow(2).int4(values.size()).numeric(null);
            copy(connection, "COPY numbers FROM STDIN (FORMAT binary)", rows);

            List<String> mismatches = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT n, value::text, (?::text[])[n + 1]::numeric::text FROM numbers ORDER BY n")) {
                query.setArray(1, connection.createArrayOf("text", values.toArray()));
                try (ResultSet result = query.executeQuery()) {
                    int count = 0;
                    while (result.next()) {
                        count++;
                        if (!Objects.equals(result.getString(2), result.getString(3))) {
                            mismatches.add(values.get(result.getInt(1)) + ": " + result.getString(2) + " vs "
                                    + result.getString(3));
                        }
                    }
                    assertThat(count).isEqualTo(values.size() + 1);
                }
            }
            assertThat(mismatches).isEmpty();
        }
    }

    @Test
    void everyOtherTypeMatchesItsTextInput() throws SQLException {
        List<Instant> times = List.of(Instant.parse("2026-03-01T09:59:58.123456789Z"),
                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("1999-12-31T23:59:59.999999Z"),
                Instant.parse("1969-07-20T20:17:40Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));
        UUID id = UUID.fromString("018f0000-0000-7000-8000-0000000000ff");
        String text = "p-\u00e9\u4e2d\ud83d\udc93 'quote' \\ \t";
        try (Connection connection = database.dataSource().getConnection()) {
            execute(connection, "CREATE TEMPORARY TABLE fields (n integer, at timestamptz, id uuid, big bigint, "
                    + "word varchar(50), payload text)");
            BinaryCopyRows rows = new BinaryCopyRows();
            for (int i = 0; i < times.size(); i++) {
                rows.startRow(6).int4(i).timestamptz(times.get(i)).uuid(id).int8(Long.MIN_VALUE + i).text(text)
                        .text(null);
            }
            copy(connection, "COPY fields FROM STDIN (FORMAT binary)", rows);
            try (Statement query = connection.createStatement();
                    ResultSet result = query.executeQuery(
                            "SELECT n, at, id, big, word, payload FROM fields ORDER BY n")) {
                for (int i = 0; i < times.size(); i++) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getInt(1)).isEqualTo(i);
                    // PostgreSQL keeps microseconds: the nanoseconds below are cut, as binding an Instant cuts them.
                    assertThat(result.getObject(2, OffsetDateTime.class).toInstant())
                            .isEqualTo(times.get(i).truncatedTo(ChronoUnit.MICROS));
                    assertThat(result.getObject(3, UUID.class)).isEqualTo(id);
                    assertThat(result.getLong(4)).isEqualTo(Long.MIN_VALUE + i);
                    assertThat(result.getString(5)).isEqualTo(text);
                    assertThat(result.getString(6)).isNull();
                }
                assertThat(result.next()).isFalse();
            }
        }
    }

    @Test
    void rowsOfManyChunksLoadWhole() throws SQLException {
        // About ten chunks of rows, with a text longer than a chunk among them.
        String longText = "\u00e9\ud83d\udc93-".repeat(BinaryCopyRows.CHUNK_BYTES / 7 + 1);
        int count = 20_000;
        try (Connection connection = database.dataSource().getConnection()) {
            execute(connection, "CREATE TEMPORARY TABLE chunked (n integer, word text)");
            BinaryCopyRows rows = new BinaryCopyRows();
            for (int i = 0; i < count; i++) {
                rows.startRow(2).int4(i).text((i == count / 2) ? longText : "patient-" + i);
            }
            copy(connection, "COPY chunked FROM STDIN (FORMAT binary)", rows);
            try (Statement query = connection.createStatement();
                    ResultSet result = query.executeQuery("SELECT count(*), sum(n), "
                            + "count(*) FILTER (WHERE word = 'patient-' || n), max(length(word)) FROM chunked")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getLong(1)).isEqualTo(count);
                assertThat(result.getLong(2)).isEqualTo((long) count * (count - 1) / 2);
                assertThat(result.getLong(3)).isEqualTo(count - 1);
                assertThat(result.getInt(4)).isEqualTo(longText.codePointCount(0, longText.length()));
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT word FROM chunked WHERE n = ?")) {
                query.setInt(1, count / 2);
                try (ResultSet result = query.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo(longText);
                }
            }
        }
    }

    private static void copy(Connection connection, String sql, BinaryCopyRows rows) throws SQLException {
        rows.finish();
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(sql, rows.stream());
        }
        catch (IOException ex) {
            throw new SQLException(ex);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
