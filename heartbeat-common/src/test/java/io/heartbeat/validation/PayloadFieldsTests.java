package io.heartbeat.validation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadFieldsTests {

    @Test
    void readsTheFourFieldsAsWritten() {
        PayloadFields fields = read("{\"event_id\":\"e\",\"patient_id\":\"p-1\",\"timestamp\":\"2026-11-25T09:00:00Z\","
                + "\"heartbeat_value\":72}");

        assertThat(fields.eventId()).isEqualTo("e");
        assertThat(fields.patientId()).isEqualTo("p-1");
        assertThat(fields.timestamp()).isEqualTo("2026-11-25T09:00:00Z");
        assertThat(fields.heartbeatValue()).isEqualTo(new BigDecimal("72"));
    }

    @Test
    void absentFieldsAreNull() {
        PayloadFields fields = read("{\"patient_id\":\"p-1\"}");

        assertThat(fields.eventId()).isNull();
        assertThat(fields.timestamp()).isNull();
        assertThat(fields.heartbeatValue()).isNull();
    }

    // BigDecimal.equals compares the scale too: the value reaches NUMERIC exactly as it was written.
    @ParameterizedTest
    @CsvSource({ "72, 72", "-0, 0", "72.0, 72.0", "72.250, 72.250", "-0.0, 0.0", "1e2, 1E+2", "7.2E+1, 72",
            "1e5000, 1E+5000", "99999999999999999999, 99999999999999999999" })
    void numbersAreExactDecimalsWithTheirScale(String written, BigDecimal expected) {
        Object value = read("{\"heartbeat_value\":" + written + "}").heartbeatValue();

        assertThat(value).isEqualTo(expected);
    }

    @Test
    void jsonNullAndOtherValuesAreMarked() {
        assertThat(read("{\"heartbeat_value\":null}").heartbeatValue()).isSameAs(PayloadFields.JSON_NULL);
        assertThat(read("{\"heartbeat_value\":true}").heartbeatValue()).isSameAs(PayloadFields.OTHER);
        assertThat(read("{\"heartbeat_value\":[1,{\"a\":[]}]}").heartbeatValue()).isSameAs(PayloadFields.OTHER);
        assertThat(read("{\"heartbeat_value\":{\"bpm\":72}}").heartbeatValue()).isSameAs(PayloadFields.OTHER);
    }

    @Test
    void lastOfDuplicateKeysWinsAsInAJsonTree() {
        PayloadFields fields = read("{\"patient_id\":\"first\",\"heartbeat_value\":{\"x\":1},\"patient_id\":\"last\","
                + "\"heartbeat_value\":70}");

        assertThat(fields.patientId()).isEqualTo("last");
        assertThat(fields.heartbeatValue()).isEqualTo(new BigDecimal("70"));
    }

    @Test
    void fieldsOutsideTheContractAreReadPast() {
        PayloadFields fields = read("{\"extra\":{\"patient_id\":\"nested\",\"list\":[1,2.5,\"x\",null]},"
                + "\"patient_id\":\"p-1\",\"more\":[[]]}");

        assertThat(fields.patientId()).isEqualTo("p-1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "not json", "[1,2]", "\"text\"", "42", "null", "{\"a\":1} trailing",
            "{\"a\":1} {}", "{\"a\":1}]", "{\"a\":1,}", "{\"a\":}", "{'a':1}", "{\"a\":1", "{\"a\":[1,2}",
            "{\"heartbeat_value\":NaN}", "{\"heartbeat_value\":01}" })
    void anythingButExactlyOneJsonObjectIsRefused(String payload) {
        assertThat(read(payload)).isNull();
    }

    @Test
    void nullPayloadIsRefused() {
        assertThat(PayloadFields.read(null)).isNull();
    }

    @Test
    void trailingWhitespaceIsNotATrailingToken() {
        assertThat(read("{\"patient_id\":\"p\"}  \n").patientId()).isEqualTo("p");
    }

    @Test
    void defaultReadConstraintsStillApplyToSkippedValues() {
        String tooLongNumber = "1" + "0".repeat(1000);
        String tooDeep = "[".repeat(1001) + "]".repeat(1001);

        assertThat(read("{\"extra\":[" + tooLongNumber + "],\"patient_id\":\"p\"}")).isNull();
        assertThat(read("{\"extra\":" + tooDeep + ",\"patient_id\":\"p\"}")).isNull();
        assertThat(read("{\"extra\":[" + "1".repeat(1000) + "],\"patient_id\":\"p\"}").patientId()).isEqualTo("p");
    }

    @Test
    void invalidUtf8InASkippedStringIsRefused() {
        byte[] start = "{\"extra\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] end = "\",\"patient_id\":\"p\"}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[start.length + 1 + end.length];
        System.arraycopy(start, 0, payload, 0, start.length);
        payload[start.length] = (byte) 0xFF;
        System.arraycopy(end, 0, payload, start.length + 1, end.length);

        assertThat(PayloadFields.read(payload)).isNull();
    }

    private static PayloadFields read(String payload) {
        return PayloadFields.read(payload.getBytes(StandardCharsets.UTF_8));
    }
}
