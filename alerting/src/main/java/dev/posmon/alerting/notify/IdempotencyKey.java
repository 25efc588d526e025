package dev.posmon.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.json.ContractJson;

/**
 * The key every notification carries so that a receiver can drop a duplicate: {@code <incident id>:<state>:<outbox
 * row id>}, e.g. {@code inc-4f1c…:firing:1234}. State is {@code firing} or {@code resolved}, read from the row's own
 * payload. The row id tells two notifications about the same state apart (a re-send, an acknowledgement) and is
 * what makes the key stable: every attempt at a row, by whichever replica, derives the same key from the same
 * columns, so a row sent twice around a failover (sent, then the sender died before marking it delivered) arrives
 * twice with one key. Plain class.
 */
public final class IdempotencyKey {

    /** The HTTP header on both HTTP receivers, and the Kafka header on incidents.v1. */
    public static final String HEADER = "Idempotency-Key";
    /** The top-level field of the webhook body. */
    public static final String FIELD = "idempotencyKey";

    private IdempotencyKey() {}

    public static String of(long rowId, String incidentId, String receiver, String payload) {
        return incidentId + ':' + state(receiver, payload) + ':' + rowId;
    }

    /**
     * {@code resolved} or {@code firing}, as the payload says it: an Alertmanager alert is resolved once it has
     * {@code endsAt} (the body's last alert is the incident as it is now: after a change of kind or scope, the alert
     * under the old labels, ending, comes first); the webhook body ({@code "resolved"}) and the incidents.v1 record
     * ({@code "RESOLVED"}) say so in their top-level {@code status}.
     */
    static String state(String receiver, String payload) {
        JsonNode body = read(payload);
        boolean resolved = Notifications.ALERTMANAGER.equals(receiver)
                ? body.path(Math.max(0, body.size() - 1)).hasNonNull("endsAt")
                : "resolved".equalsIgnoreCase(body.path("status").asText());
        return resolved ? "resolved" : "firing";
    }

    /** The webhook body with the key as its top-level {@value #FIELD}, next to the Alertmanager v4 fields. */
    public static String stampWebhook(String payload, String key) {
        JsonNode body = read(payload);
        if (!(body instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a webhook body is a JSON object, got " + body.getNodeType());
        }
        object.put(FIELD, key);
        try {
            return ContractJson.mapper().writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String payload) {
        try {
            return ContractJson.mapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
