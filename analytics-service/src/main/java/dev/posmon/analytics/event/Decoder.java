package dev.posmon.analytics.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 */
public final class Decoder<T extends TerminalEvent> {

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    private final Class<T> type;
    private final ContractSchema schema;

    public Decoder(Class<T> type, ContractSchema schema) {
        this.type = type;
        this.schema = schema;
    }

    public Decoded<T> decode(String key, byte[] value) {
        if (value == null) {
            return Decoded.poison(null, "null value (a tombstone has no meaning on an event topic)");
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
        if (event instanceof dev.posmon.contract.event.SignOnAttempt attempt) {
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
