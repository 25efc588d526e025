package dev.posmon.contract.schema;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.json.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The event schemas ({@code signon-attempt.schema.json}, {@code telemetry.schema.json} and the definitions of
 * {@code common.schema.json} they use) written out by hand, for the one question that is asked millions of times a
 * second: is this event plainly valid? Plain class.
 * <p>
 * It only ever answers "yes, valid" or "not sure". "Yes" must be right: every event it passes, the schema passes
 * too ({@code QuickCheckTest} checks this against the compiled schema on generated events and on each of their
 * mutations, and pins the schema files it was written for). "Not sure" costs nothing but time: the caller then
 * asks the compiled schema, which also words the violations. So it is stricter than the schema where being exact
 * would be subtle: an integer written as {@code 1.0}, a number too long for a double, a date-time other than
 * {@code 2026-11-26T15:59:30[.fraction](Z|±hh:mm)}, all go to the schema.
 * <p>
 * Why by hand: the general validator walks a tree of keyword validators, resolves each {@code $ref} and runs a
 * regular expression per pattern; that was about a quarter of ingest's CPU per event, and this is a few comparisons
 * per field.
 */
final class QuickCheck {

    private static final String SIGNON = "signon";
    private static final String TELEMETRY = "telemetry";
    private static final Set<String> OUTCOMES = Set.of("SUCCESS", "FAILURE");
    private static final Set<String> STAGES =
            Set.of("CONNECT", "TLS", "AUTH", "KEY_EXCHANGE", "PARAM_DOWNLOAD", "COMPLETE");
    private static final Set<String> TRANSPORT_ERRORS = Set.of(
            "DNS",
            "CONNECT_TIMEOUT",
            "CONNECT_REFUSED",
            "TLS_HANDSHAKE",
            "READ_TIMEOUT",
            "CONNECTION_RESET",
            "NO_NETWORK");
    private static final Set<String> LOCAL_ERRORS = Set.of(
            "OPERATOR_CREDENTIALS",
            "CARD_READER_FAULT",
            "KEYPAD_FAULT",
            "PRINTER_FAULT",
            "POWER",
            "KEY_MISSING",
            "PARAM_CORRUPT",
            "APP_CRASH",
            "STORAGE_FULL",
            "CLOCK_INVALID",
            "DISPLAY_FAULT",
            "MERCHANT_NAME_MISMATCH",
            "OTHER");
    private static final Set<String> NETWORK_TYPES = Set.of("ETHERNET", "WIFI", "2G", "3G", "4G", "5G");
    private static final Set<String> PRINTER = Set.of("OK", "PAPER_OUT", "FAULT");
    private static final Set<String> DISPLAY = Set.of("OK", "BLANK", "GARBLED", "WRONG_MERCHANT_NAME");

    /** The fields both event schemas require: type, eventId, terminalId, occurredAt. */
    private static final int COMMON_REQUIRED = 4;
    /** A sign-on also requires hostId, outcome, stage, network, appVersion and firmwareVersion. */
    private static final int SIGNON_REQUIRED = COMMON_REQUIRED + 6;

    private QuickCheck() {}

    /** Whether {@code node} is plainly a valid sign-on attempt; false when not, or not sure. */
    static boolean signOn(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        int required = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            boolean ok;
            switch (field.getKey()) {
                case "type" -> {
                    ok = value.isTextual() && "signon".equals(value.textValue());
                    required++;
                }
                case "eventId" -> {
                    ok = uuid(value);
                    required++;
                }
                case "terminalId", "hostId" -> {
                    ok = id(value);
                    required++;
                }
                case "occurredAt" -> {
                    ok = timestamp(value);
                    required++;
                }
                case "outcome" -> {
                    ok = oneOf(value, OUTCOMES);
                    required++;
                }
                case "stage" -> {
                    ok = oneOf(value, STAGES);
                    required++;
                }
                case "network" -> {
                    ok = network(value);
                    required++;
                }
                case "appVersion", "firmwareVersion" -> {
                    ok = version(value);
                    required++;
                }
                case "responseCode" -> ok = responseCode(value);
                case "transportError" -> ok = oneOf(value, TRANSPORT_ERRORS);
                case "localError" -> ok = oneOf(value, LOCAL_ERRORS);
                case "latencyMs" -> ok = integer(value, 0, 600_000);
                case "attempt" -> ok = integer(value, 1, 1_000);
                case "operatorId" -> ok = id(value);
                default -> ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return required == SIGNON_REQUIRED;
    }

    /** Whether {@code node} is plainly a valid telemetry sample; false when not, or not sure. */
    static boolean telemetry(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        int required = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            boolean ok;
            switch (field.getKey()) {
                case "type" -> {
                    ok = value.isTextual() && "telemetry".equals(value.textValue());
                    required++;
                }
                case "eventId" -> {
                    ok = uuid(value);
                    required++;
                }
                case "terminalId" -> {
                    ok = id(value);
                    required++;
                }
                case "occurredAt" -> {
                    ok = timestamp(value);
                    required++;
                }
                case "batteryPct" -> ok = integer(value, 0, 100);
                case "charging", "keypadFault", "tampered" -> ok = value.isBoolean();
                case "network" -> ok = network(value);
                case "echoRttMs" -> ok = integer(value, 0, 600_000);
                case "printer" -> ok = oneOf(value, PRINTER);
                case "cardReaderErrors", "rebootCount" -> ok = integer(value, 0, 1_000_000);
                case "freeMemMb" -> ok = integer(value, 0, 1_048_576);
                case "uptimeS" -> ok = integer(value, 0, 3_153_600_000L);
                case "appVersion", "firmwareVersion" -> ok = version(value);
                case "display" -> ok = oneOf(value, DISPLAY);
                case "location" -> ok = location(value);
                default -> ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return required == COMMON_REQUIRED;
    }

    /**
     * The same question asked of the parser's tokens, at the {@code START_OBJECT} of an event of either type: the event
     * when it is plainly valid, its sign-on rules ({@link ContractRules}) included, else null (not sure). Always reads
     * the whole object, up to its {@code END_OBJECT}. It passes exactly what {@link #signOn}/{@link #telemetry} and the
     * rules pass on the tree of the same bytes ({@code QuickCheckTest}). A field named twice in the event or in its
     * network or location is refused here as a strict parser refuses it ({@link JsonParseException} "Duplicate field"),
     * so the parser need not be strict: its duplicate detection, a hash set per object, was 5 % of ingest's CPU. What the
     * scan skips (the rest of an event it is not sure of) is not checked for duplicates: read that again strictly.
     */
    static PlainEvent scan(JsonParser p) throws IOException {
        boolean sure = true;
        boolean maySignOn = true;
        boolean mayTelemetry = true;
        int common = 0;
        int signOnOnly = 0;
        String type = null;
        String eventId = null;
        String terminalId = null;
        String occurredAt = null;
        Instant at = null;
        boolean success = false;
        boolean complete = false;
        boolean responseCode = false;
        boolean transportError = false;
        boolean localError = false;
        Names names = new Names();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            names.add(p, field);
            JsonToken token = p.nextToken();
            if (!sure) {
                p.skipChildren();
                continue;
            }
            String text = token == JsonToken.VALUE_STRING ? p.getText() : null;
            boolean ok;
            switch (field) {
                case "type" -> {
                    type = text;
                    maySignOn &= SIGNON.equals(text);
                    mayTelemetry &= TELEMETRY.equals(text);
                    ok = maySignOn || mayTelemetry;
                    common++;
                }
                case "eventId" -> {
                    eventId = text;
                    ok = text != null && uuid(text);
                    common++;
                }
                case "terminalId" -> {
                    terminalId = text;
                    ok = text != null && id(text);
                    common++;
                }
                case "occurredAt" -> {
                    occurredAt = text;
                    at = text != null && text.length() <= 40 ? Rfc3339.fast(text) : null;
                    ok = at != null;
                    common++;
                }
                case "network" -> {
                    ok = network(p, token);
                    signOnOnly++; // required of a sign-on, optional in telemetry
                }
                case "appVersion", "firmwareVersion" -> {
                    ok = text != null && version(text);
                    signOnOnly++;
                }
                case "hostId" -> {
                    ok = text != null && id(text);
                    mayTelemetry = false;
                    signOnOnly++;
                }
                case "operatorId" -> {
                    ok = text != null && id(text);
                    mayTelemetry = false;
                }
                case "outcome" -> {
                    ok = text != null && OUTCOMES.contains(text);
                    success = "SUCCESS".equals(text);
                    mayTelemetry = false;
                    signOnOnly++;
                }
                case "stage" -> {
                    ok = text != null && STAGES.contains(text);
                    complete = "COMPLETE".equals(text);
                    mayTelemetry = false;
                    signOnOnly++;
                }
                case "responseCode" -> {
                    ok = text != null && responseCode(text);
                    responseCode = true;
                    mayTelemetry = false;
                }
                case "transportError" -> {
                    ok = text != null && TRANSPORT_ERRORS.contains(text);
                    transportError = true;
                    mayTelemetry = false;
                }
                case "localError" -> {
                    ok = text != null && LOCAL_ERRORS.contains(text);
                    localError = true;
                    mayTelemetry = false;
                }
                case "latencyMs" -> {
                    ok = integer(p, token, 0, 600_000);
                    mayTelemetry = false;
                }
                case "attempt" -> {
                    ok = integer(p, token, 1, 1_000);
                    mayTelemetry = false;
                }
                case "batteryPct" -> {
                    ok = integer(p, token, 0, 100);
                    maySignOn = false;
                }
                case "charging", "keypadFault", "tampered" -> {
                    ok = token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
                    maySignOn = false;
                }
                case "echoRttMs" -> {
                    ok = integer(p, token, 0, 600_000);
                    maySignOn = false;
                }
                case "printer" -> {
                    ok = text != null && PRINTER.contains(text);
                    maySignOn = false;
                }
                case "cardReaderErrors", "rebootCount" -> {
                    ok = integer(p, token, 0, 1_000_000);
                    maySignOn = false;
                }
                case "freeMemMb" -> {
                    ok = integer(p, token, 0, 1_048_576);
                    maySignOn = false;
                }
                case "uptimeS" -> {
                    ok = integer(p, token, 0, 3_153_600_000L);
                    maySignOn = false;
                }
                case "display" -> {
                    ok = text != null && DISPLAY.contains(text);
                    maySignOn = false;
                }
                case "location" -> {
                    ok = location(p, token);
                    maySignOn = false;
                }
                default -> ok = false;
            }
            if (!ok) {
                sure = false;
                p.skipChildren(); // what is left of an object or array the field's rule did not read
            }
        }
        if (!sure || common != COMMON_REQUIRED) {
            return null;
        }
        if (SIGNON.equals(type)) {
            boolean plain = maySignOn
                    && signOnOnly == SIGNON_REQUIRED - COMMON_REQUIRED
                    && ContractRules.checkSignOn(success, complete, responseCode, transportError, localError)
                            .isEmpty();
            return plain ? new PlainEvent(type, eventId, terminalId, occurredAt, at) : null;
        }
        return mayTelemetry ? new PlainEvent(type, eventId, terminalId, occurredAt, at) : null;
    }

    /** The field names of one object so far: an event has about a dozen, fewer than hashing them would pay for. */
    private static final class Names {
        private String[] names = new String[16];
        private int size;

        void add(JsonParser p, String name) throws JsonParseException {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    throw new JsonParseException(p, "Duplicate field '" + name + "'");
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, 2 * size);
            }
            names[size++] = name;
        }
    }

    /** A network object read from its tokens, to its END_OBJECT whatever it holds. */
    private static boolean network(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return false;
        }
        boolean ok = true;
        boolean type = false;
        Names names = new Names();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            names.add(p, field);
            JsonToken value = p.nextToken();
            if (ok) {
                String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (field) {
                    case "type" -> {
                        ok = text != null && NETWORK_TYPES.contains(text);
                        type = true;
                    }
                    case "carrier" -> ok = text != null && carrier(text);
                    case "signalDbm" -> ok = integer(p, value, -150, 0);
                    default -> ok = false;
                }
            }
            p.skipChildren();
        }
        return ok && type;
    }

    /** A location object read from its tokens, to its END_OBJECT whatever it holds. */
    private static boolean location(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            return false;
        }
        boolean ok = true;
        int required = 0;
        Names names = new Names();
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            names.add(p, field);
            JsonToken value = p.nextToken();
            if (ok) {
                switch (field) {
                    case "lat" -> {
                        ok = number(p, value, -90, 90);
                        required++;
                    }
                    case "lon" -> {
                        ok = number(p, value, -180, 180);
                        required++;
                    }
                    case "accuracyM" -> ok = number(p, value, 0, 100_000);
                    default -> ok = false;
                }
            }
            p.skipChildren();
        }
        return ok && required == 2;
    }

    /** As {@link #integer(JsonNode, long, long)}: an int or long token (a tree would hold an int or long node). */
    private static boolean integer(JsonParser p, JsonToken token, long min, long max) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return false;
        }
        long value = p.getLongValue();
        return value >= min && value <= max;
    }

    /** As {@link #number(JsonNode, double, double)}: an int, long or double token. */
    private static boolean number(JsonParser p, JsonToken token, double min, double max) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                return false;
            }
        } else if (token != JsonToken.VALUE_NUMBER_FLOAT || p.getNumberType() != JsonParser.NumberType.DOUBLE) {
            return false;
        }
        double value = p.getDoubleValue();
        return value >= min && value <= max;
    }

    private static boolean network(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        boolean type = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            boolean ok;
            switch (field.getKey()) {
                case "type" -> {
                    ok = oneOf(value, NETWORK_TYPES);
                    type = true;
                }
                case "carrier" -> ok = carrier(value);
                case "signalDbm" -> ok = integer(value, -150, 0);
                default -> ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return type;
    }

    private static boolean location(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        int required = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            boolean ok;
            switch (field.getKey()) {
                case "lat" -> {
                    ok = number(value, -90, 90);
                    required++;
                }
                case "lon" -> {
                    ok = number(value, -180, 180);
                    required++;
                }
                case "accuracyM" -> ok = number(value, 0, 100_000);
                default -> ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return required == 2;
    }

    private static boolean oneOf(JsonNode node, Set<String> values) {
        return node.isTextual() && values.contains(node.textValue());
    }

    /** An integer the parser read as int or long (not 1.0, not a big integer), within the bounds. */
    private static boolean integer(JsonNode node, long min, long max) {
        if (!node.isInt() && !node.isLong()) {
            return false;
        }
        long value = node.longValue();
        return value >= min && value <= max;
    }

    /** A number the parser read as int, long or double (a big decimal is compared by the schema), within the bounds. */
    private static boolean number(JsonNode node, double min, double max) {
        if (!node.isInt() && !node.isLong() && !node.isDouble()) {
            return false;
        }
        double value = node.doubleValue();
        return value >= min && value <= max;
    }

    /** {@code ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$} */
    private static boolean uuid(JsonNode node) {
        return node.isTextual() && uuid(node.textValue());
    }

    private static boolean uuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$} */
    private static boolean id(JsonNode node) {
        return node.isTextual() && id(node.textValue());
    }

    private static boolean id(String s) {
        int n = s.length();
        if (n < 1 || n > 64 || !alphanumeric(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[A-Za-z0-9][A-Za-z0-9 ._-]{0,31}$} */
    private static boolean carrier(JsonNode node) {
        return node.isTextual() && carrier(node.textValue());
    }

    private static boolean carrier(String s) {
        int n = s.length();
        if (n < 1 || n > 32 || !alphanumeric(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!alphanumeric(c) && c != ' ' && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[\x21-\x7E]{1,32}$} */
    private static boolean version(JsonNode node) {
        return node.isTextual() && version(node.textValue());
    }

    private static boolean version(String s) {
        int n = s.length();
        if (n < 1 || n > 32) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** {@code ^[0-9A-Z]{2}$} */
    private static boolean responseCode(JsonNode node) {
        return node.isTextual() && responseCode(node.textValue());
    }

    private static boolean responseCode(String s) {
        return s.length() == 2 && digitOrUpper(s.charAt(0)) && digitOrUpper(s.charAt(1));
    }

    /** A date-time of at most 40 characters in the common shape {@link Rfc3339#fast} reads, with a real date. */
    private static boolean timestamp(JsonNode node) {
        return node.isTextual() && timestamp(node.textValue());
    }

    private static boolean timestamp(String s) {
        return s.length() <= 40 && Rfc3339.fast(s) != null;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean digitOrUpper(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    }
}
