package dev.posmon.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether one element of a posted batch is accepted: the contract's schema and rules, the time
 * window around the server clock, and whether the caller may speak for the terminal. Plain class.
 */
public final class EventCheck {

    /** Why an event was rejected; a bounded set, used as a metric label. */
    public enum RejectReason {
        NOT_AN_OBJECT, UNKNOWN_TYPE, SCHEMA, RULE, OCCURRED_IN_FUTURE, OCCURRED_TOO_LONG_AGO, NOT_REGISTERED, FOREIGN_ACQUIRER;

        /** Whether this rejection is about permission rather than the event's content. */
        public boolean forbidden() {
            return this == FOREIGN_ACQUIRER;
        }
    }

    /** What became of one event. */
    public sealed interface Verdict permits Accepted, Rejected {
    }

    public record Accepted(TerminalEvent event) implements Verdict {
    }

    /** @param eventId as posted, when it could be read; null otherwise */
    public record Rejected(String eventId, String type, RejectReason reason, List<Violation> errors) implements Verdict {
    }

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    private final Clock clock;
    private final Duration maxFuture;
    private final Duration maxAge;
    private final Function<String, Optional<TerminalRecord>> registry;

    public EventCheck(Clock clock, Duration maxFuture, Duration maxAge, Function<String, Optional<TerminalRecord>> registry) {
        this.clock = clock;
        this.maxFuture = maxFuture;
        this.maxAge = maxAge;
        this.registry = registry;
    }

    /**
     * @param acquirer the acquirer the caller speaks for; empty for the admin, who speaks for all
     */
    public Verdict check(JsonNode node, Optional<String> acquirer) {
        if (node == null || !node.isObject()) {
            return new Rejected(null, null, RejectReason.NOT_AN_OBJECT,
                    List.of(new Violation("", "each event must be a JSON object, not " + (node == null ? "null" : node.getNodeType()))));
        }
        String eventId = node.path("eventId").isTextual() ? node.get("eventId").asText() : null;
        JsonNode typeNode = node.get("type");
        ContractSchema schema;
        Class<? extends TerminalEvent> recordType;
        if (typeNode != null && SignOnAttempt.TYPE.equals(typeNode.asText(null))) {
            schema = ContractSchema.SIGNON_ATTEMPT;
            recordType = SignOnAttempt.class;
        } else if (typeNode != null && Telemetry.TYPE.equals(typeNode.asText(null))) {
            schema = ContractSchema.TELEMETRY;
            recordType = Telemetry.class;
        } else {
            return new Rejected(eventId, null, RejectReason.UNKNOWN_TYPE, List.of(new Violation("type",
                    typeNode == null ? "is required: \"signon\" or \"telemetry\"" : "must be \"signon\" or \"telemetry\", not " + typeNode)));
        }
        String type = typeNode.asText();
        List<Violation> violations = schema.validate(node);
        if (!violations.isEmpty()) {
            return new Rejected(eventId, type, RejectReason.SCHEMA, violations);
        }
        TerminalEvent event = MAPPER.convertValue(node, recordType);
        if (event instanceof SignOnAttempt attempt) {
            violations = ContractRules.check(attempt);
            if (!violations.isEmpty()) {
                return new Rejected(eventId, type, RejectReason.RULE, violations);
            }
        }
        Instant now = clock.instant();
        if (event.occurredAt().isAfter(now.plus(maxFuture))) {
            return new Rejected(eventId, type, RejectReason.OCCURRED_IN_FUTURE, List.of(new Violation("occurredAt",
                    "is more than " + maxFuture + " ahead of the server clock (" + now + "); check the terminal's clock")));
        }
        if (event.occurredAt().isBefore(now.minus(maxAge))) {
            return new Rejected(eventId, type, RejectReason.OCCURRED_TOO_LONG_AGO, List.of(new Violation("occurredAt",
                    "is older than " + maxAge + " before the server clock (" + now + ")")));
        }
        Optional<TerminalRecord> terminal = registry.apply(event.terminalId());
        if (terminal.isEmpty()) {
            return new Rejected(eventId, type, RejectReason.NOT_REGISTERED, List.of(new Violation("terminalId",
                    "terminal " + event.terminalId() + " is not registered; register it with PUT /v1/terminals/" + event.terminalId())));
        }
        if (acquirer.isPresent() && !acquirer.get().equals(terminal.get().acquirer())) {
            return new Rejected(eventId, type, RejectReason.FOREIGN_ACQUIRER, List.of(new Violation("terminalId",
                    "terminal " + event.terminalId() + " is not registered under acquirer " + acquirer.get() + ", which this credential speaks for")));
        }
        return new Accepted(event);
    }
}
