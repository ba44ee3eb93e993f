package io.heartbeat.validation;

import io.heartbeat.contract.HeartbeatJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The four contract fields of a payload in one streaming pass, accepted and read exactly as the JSON tree it replaced
 * read them: the last of duplicate keys wins, numbers are exact decimals. Each field is absent ({@code null}), a
 * {@code String}, a {@code BigDecimal}, {@link #JSON_NULL} or {@link #OTHER}.
 */
record PayloadFields(Object eventId, Object patientId, Object timestamp, Object heartbeatValue) {

    /** A JSON {@code null}. */
    static final Object JSON_NULL = new Object();

    /** Any other JSON value: {@code true}, {@code false}, an object or an array. */
    static final Object OTHER = new Object();

    // Default features and read constraints, as the tree reader had. Buffers are recycled per thread: the default
    // pool, a concurrent deque, cost about a sixth of the whole classification, and listener threads live long.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    /** The fields of {@code payload}, or {@code null} when it is not exactly one JSON object. */
    static PayloadFields read(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), payload)) {
            JsonToken first = parser.nextToken();
            PayloadFields fields = null;
            if (first == JsonToken.START_OBJECT) {
                fields = readObject(parser);
            }
            else if (first != null) {
                valueOf(parser, first);
            }
            return (parser.nextToken() == null) ? fields : null;
        }
        catch (JacksonException ex) {
            return null;
        }
        catch (NumberFormatException ex) {
            // An exponent beyond the int range: valid JSON, but no number a decimal can hold; Jackson lets this
            // through instead of wrapping it.
            return null;
        }
    }

    private static PayloadFields readObject(JsonParser parser) {
        Object eventId = null;
        Object patientId = null;
        Object timestamp = null;
        Object heartbeatValue = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            Object value = valueOf(parser, parser.nextToken());
            switch (name) {
                case HeartbeatJson.EVENT_ID -> eventId = value;
                case HeartbeatJson.PATIENT_ID -> patientId = value;
                case HeartbeatJson.TIMESTAMP -> timestamp = value;
                case HeartbeatJson.HEARTBEAT_VALUE -> heartbeatValue = value;
                default -> {
                    // not part of the contract: read past it like any other value
                }
            }
        }
        return new PayloadFields(eventId, patientId, timestamp, heartbeatValue);
    }

    // Every scalar is converted as the tree converted it, even where unused: a number the tree could not
    // convert must still fail (a huge exponent throws NumberFormatException out of getDecimalValue: see read).
    private static Object valueOf(JsonParser parser, JsonToken token) {
        if (token == null) {
            throw new StreamReadException(parser, "Input ended where a value was expected");
        }
        return switch (token) {
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_NULL -> JSON_NULL;
            case START_OBJECT, START_ARRAY -> readPastContainer(parser);
            default -> OTHER;
        };
    }

    private static Object readPastContainer(JsonParser parser) {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new StreamReadException(parser, "Input ended inside a container");
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case PROPERTY_NAME -> {
                    // names are read by the parser itself
                }
                default -> valueOf(parser, token);
            }
        }
        return OTHER;
    }
}
