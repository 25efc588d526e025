package dev.posmon.analytics.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import java.io.IOException;
import java.util.List;

/**
 * Reads an event topic's bytes into its contract record, or says exactly why not: not JSON, against the
 * schema, against the cross-field rules, or keyed by another terminal. Plain class.
 * <p>
 * A record whose {@link ContractSchema#VALIDATED_HEADER} carries this schema's {@link ContractSchema#mark() mark}
 * was validated by ingest against the very same contract; unless told to validate everything, the decoder then
 * maps its bytes straight to the record (the schema check and the JSON tree were half of analytics' work per
 * event). It still checks the cross-field rules and the key, and a value that does not map is still poison.
 * <p>
 * That mapping is done by a hand-written reader of the parser's tokens ({@link AttemptReader}, {@link TelemetryReader}):
 * databind's generic record mapping was a tenth of analytics' CPU per event. The reader gives the very record databind
 * would, and leaves any shape it is not sure of to databind, which then decides exactly as before.
 */
public final class Decoder<T extends TerminalEvent> {

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    private final Class<T> type;
    /**
     * Bound to the type once: {@code MAPPER.readValue(bytes, type)} resolved the type at every event (1.5 % of
     * analytics' samples).
     */
    private final ObjectReader reader;
    /** The same mapping without databind for the shapes it reads; null: databind for all. */
    private final EventReader<T> fast;

    private final ContractSchema schema;
    private final boolean trustMarks;

    /** @param trustMarks whether a record marked as validated against this schema is taken without validating it again */
    public Decoder(Class<T> type, ContractSchema schema, boolean trustMarks) {
        this(type, schema, trustMarks, true);
    }

    /** @param readByHand false: map marked records with databind only (as before the hand-written readers; for tests) */
    Decoder(Class<T> type, ContractSchema schema, boolean trustMarks, boolean readByHand) {
        this.type = type;
        this.fast = readByHand ? reader(type) : null;
        this.reader = MAPPER.readerFor(type);
        this.schema = schema;
        this.trustMarks = trustMarks;
    }

    /** @param mark the record's {@link ContractSchema#VALIDATED_HEADER}, null when it has none */
    public Decoded<T> decode(String key, byte[] value, byte[] mark) {
        if (value == null) {
            return Decoded.poison(null, "null value (a tombstone has no meaning on an event topic)");
        }
        if (trustMarks && schema.marks(mark)) {
            T event = fast == null ? null : fast.read(value);
            if (event == null) {
                try {
                    event = reader.readValue(value);
                } catch (IOException e) {
                    return Decoded.poison(
                            value, "marked valid but cannot map to " + type.getSimpleName() + ": " + e.getMessage());
                }
            }
            if (event == null) {
                return Decoded.poison(value, "marked valid but not a JSON object");
            }
            String missing = missingRequired(event);
            if (missing != null) {
                return Decoded.poison(value, "marked valid but " + missing + " is missing");
            }
            return checked(key, value, event);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(value);
        } catch (IOException e) {
            return Decoded.poison(value, "not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return Decoded.poison(value, "not a JSON object");
        }
        List<Violation> violations = schema.validate(node);
        if (!violations.isEmpty()) {
            return Decoded.poison(value, "breaks " + schema.resource() + ": " + violations);
        }
        T event;
        try {
            event = MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            return Decoded.poison(value, "cannot map to " + type.getSimpleName() + ": " + e.getMessage());
        }
        return checked(key, value, event);
    }

    /** The hand-written reader of the type, null for a type that has none. */
    @SuppressWarnings("unchecked")
    private static <T extends TerminalEvent> EventReader<T> reader(Class<T> type) {
        if (type == SignOnAttempt.class) {
            return (EventReader<T>) new AttemptReader();
        }
        if (type == Telemetry.class) {
            return (EventReader<T>) new TelemetryReader();
        }
        return null;
    }

    /**
     * The first field the schema requires that a marked record lacks (null when none): a mark vouches for the
     * record, and this keeps a wrong one from reaching code that reads those fields.
     */
    static String missingRequired(TerminalEvent event) {
        if (event.eventId() == null) {
            return "eventId";
        }
        if (event.terminalId() == null) {
            return "terminalId";
        }
        if (event.occurredAt() == null) {
            return "occurredAt";
        }
        if (event instanceof SignOnAttempt a) {
            Object[] required = {a.hostId(), a.outcome(), a.stage(), a.network(), a.appVersion(), a.firmwareVersion()};
            String[] names = {"hostId", "outcome", "stage", "network", "appVersion", "firmwareVersion"};
            for (int i = 0; i < required.length; i++) {
                if (required[i] == null) {
                    return names[i];
                }
            }
        }
        return null;
    }

    /** The rules no schema says, and the key. */
    private Decoded<T> checked(String key, byte[] value, T event) {
        if (event == null) {
            return Decoded.poison(value, "not a JSON object");
        }
        List<Violation> violations;
        if (event instanceof SignOnAttempt attempt) {
            violations = ContractRules.check(attempt);
            if (!violations.isEmpty()) {
                return Decoded.poison(value, "breaks the contract rules: " + violations);
            }
        }
        if (key == null || !key.equals(event.terminalId())) {
            return Decoded.poison(value, "key " + key + " is not the event's terminalId " + event.terminalId());
        }
        return Decoded.valid(event);
    }
}
