package dev.posmon.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.EventHorizons;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.Rfc3339;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.contract.schema.PlainEvent;
import dev.posmon.contract.schema.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
        NOT_AN_OBJECT,
        UNKNOWN_TYPE,
        SCHEMA,
        RULE,
        OCCURRED_IN_FUTURE,
        OCCURRED_TOO_LONG_AGO,
        NOT_REGISTERED,
        FOREIGN_ACQUIRER;

        /** Whether this rejection is about permission rather than the event's content. */
        public boolean forbidden() {
            return this == FOREIGN_ACQUIRER;
        }
    }

    /** What became of one event. */
    public sealed interface Verdict permits Accepted, Rejected {}

    /**
     * A valid event, kept as the JSON it came as (with occurredAt normalised to UTC): mapping every event
     * to its record and back would cost a third of ingest's time for nothing the contract needs.
     *
     * @param json     the event's tree; null for one admitted from the parser's tokens ({@link PlainEvent}), which goes
     *                 to Kafka as posted
     *
     * @param asPosted whether {@code json} is still what was posted (occurredAt was already in UTC as Instant writes
     *                 it), so that the posted bytes may go to Kafka as they are
     */
    public record Accepted(
            ObjectNode json, String type, String eventId, String terminalId, Instant occurredAt, boolean asPosted)
            implements Verdict {

        /** The contract record of this event. */
        public TerminalEvent event() {
            Class<? extends TerminalEvent> record =
                    SignOnAttempt.TYPE.equals(type) ? SignOnAttempt.class : Telemetry.class;
            return MAPPER.convertValue(json, record);
        }
    }

    /** @param eventId as posted, when it could be read; null otherwise */
    public record Rejected(String eventId, String type, RejectReason reason, List<Violation> errors)
            implements Verdict {}

    private static final ObjectMapper MAPPER = ContractJson.mapper();

    private final Clock clock;
    private final Duration maxFuture;
    private final Duration maxAge;
    private final Duration recognised;
    /** A registered terminal's acquirer, or empty: all the check needs of the registry. */
    private final Function<String, Optional<String>> acquirerOf;

    public EventCheck(Clock clock, Duration maxFuture, Duration maxAge, Function<String, Optional<String>> acquirerOf) {
        this(clock, maxFuture, maxAge, Duration.parse(EventHorizons.DEDUP), acquirerOf);
    }

    /**
     * @param dedupHorizon how long analytics remembers eventIds: an event older than this less {@code maxFuture} (stream
     *                     time moves with the newest event, which may run that far ahead) is refused even within
     *                     {@code maxAge}, since a replay of it would be counted twice
     */
    public EventCheck(
            Clock clock,
            Duration maxFuture,
            Duration maxAge,
            Duration dedupHorizon,
            Function<String, Optional<String>> acquirerOf) {
        this.clock = clock;
        this.maxFuture = maxFuture;
        this.maxAge = maxAge;
        this.recognised = dedupHorizon.minus(maxFuture);
        this.acquirerOf = acquirerOf;
    }

    /**
     * @param acquirer the acquirer the caller speaks for; empty for the admin, who speaks for all
     */
    public Verdict check(JsonNode node, Optional<String> acquirer) {
        if (node == null || !node.isObject()) {
            return new Rejected(
                    null,
                    null,
                    RejectReason.NOT_AN_OBJECT,
                    List.of(new Violation(
                            "",
                            "each event must be a JSON object, not " + (node == null ? "null" : node.getNodeType()))));
        }
        String eventId = node.path("eventId").isTextual() ? node.get("eventId").asText() : null;
        JsonNode typeNode = node.get("type");
        ContractSchema schema;
        if (typeNode != null && SignOnAttempt.TYPE.equals(typeNode.asText(null))) {
            schema = ContractSchema.SIGNON_ATTEMPT;
        } else if (typeNode != null && Telemetry.TYPE.equals(typeNode.asText(null))) {
            schema = ContractSchema.TELEMETRY;
        } else {
            return new Rejected(
                    eventId,
                    null,
                    RejectReason.UNKNOWN_TYPE,
                    List.of(new Violation(
                            "type",
                            typeNode == null
                                    ? "is required: \"signon\" or \"telemetry\""
                                    : "must be \"signon\" or \"telemetry\", not " + typeNode)));
        }
        String type = typeNode.asText();
        List<Violation> violations = schema.validate(node);
        if (!violations.isEmpty()) {
            return new Rejected(eventId, type, RejectReason.SCHEMA, violations);
        }
        Instant occurredAt;
        try {
            occurredAt = Rfc3339.parse(node.get("occurredAt").asText());
        } catch (DateTimeParseException e) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.SCHEMA,
                    List.of(new Violation(
                            "occurredAt", "is not a date-time this service can represent (" + e.getMessage() + ")")));
        }
        if (schema == ContractSchema.SIGNON_ATTEMPT) {
            violations = ContractRules.checkSignOn(node);
            if (!violations.isEmpty()) {
                return new Rejected(eventId, type, RejectReason.RULE, violations);
            }
        }
        String terminalId = node.get("terminalId").asText();
        Rejected refused = admit(eventId, type, occurredAt, terminalId, acquirer);
        if (refused != null) {
            return refused;
        }
        ObjectNode json = (ObjectNode) node;
        boolean asPosted = writtenAsInstant(json.get("occurredAt").asText(), occurredAt);
        if (!asPosted) {
            json.put("occurredAt", occurredAt.toString());
        }
        return new Accepted(json, type, eventId, terminalId, occurredAt, asPosted);
    }

    /**
     * A plainly valid event read from the parser's tokens ({@link ContractSchema#scanPlain}): its schema and rules
     * passed, its occurredAt is written as the instant writes it, so it goes to Kafka as posted; only the time window
     * and whether the caller may speak for its terminal are left to decide.
     */
    public Verdict check(PlainEvent plain, Optional<String> acquirer) {
        Rejected refused = admit(plain.eventId(), plain.type(), plain.at(), plain.terminalId(), acquirer);
        return refused != null
                ? refused
                : new Accepted(null, plain.type(), plain.eventId(), plain.terminalId(), plain.at(), true);
    }

    /** The checks after the schema's: the time window around the server clock, the registry, the caller's acquirer. */
    private Rejected admit(
            String eventId, String type, Instant occurredAt, String terminalId, Optional<String> acquirer) {
        Instant now = clock.instant();
        if (occurredAt.isAfter(now.plus(maxFuture))) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.OCCURRED_IN_FUTURE,
                    List.of(new Violation(
                            "occurredAt",
                            "is more than " + maxFuture + " ahead of the server clock (" + now
                                    + "); check the terminal's clock")));
        }
        if (occurredAt.isBefore(now.minus(maxAge))) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.OCCURRED_TOO_LONG_AGO,
                    List.of(new Violation(
                            "occurredAt", "is older than " + maxAge + " before the server clock (" + now + ")")));
        }
        if (occurredAt.isBefore(now.minus(recognised))) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.OCCURRED_TOO_LONG_AGO,
                    List.of(new Violation(
                            "occurredAt",
                            "is older than " + recognised + " before the server clock (" + now
                                    + "), the horizon within which analytics recognises "
                                    + "an eventId sent again (posmon.ingest.dedup-horizon less max-future): "
                                    + "it could be counted twice")));
        }
        Optional<String> terminalAcquirer = acquirerOf.apply(terminalId);
        if (terminalAcquirer.isEmpty()) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.NOT_REGISTERED,
                    List.of(new Violation(
                            "terminalId",
                            "terminal " + terminalId + " is not registered; register it with PUT /v1/terminals/"
                                    + terminalId)));
        }
        if (acquirer.isPresent() && !acquirer.get().equals(terminalAcquirer.get())) {
            return new Rejected(
                    eventId,
                    type,
                    RejectReason.FOREIGN_ACQUIRER,
                    List.of(new Violation(
                            "terminalId",
                            "terminal " + terminalId + " is not registered under acquirer " + acquirer.get()
                                    + ", which this credential speaks for")));
        }
        return null;
    }

    /**
     * Whether {@code posted}, read as {@code at}, is already what {@code at.toString()} writes: UTC ("Z"), seconds always,
     * the fraction in groups of three digits as few as hold it. Told from the text's shape, since formatting the
     * instant for every event to compare was most of this check's cost; anything unusual is compared the slow way.
     */
    static boolean writtenAsInstant(String posted, Instant at) {
        int nanos = at.getNano();
        int length = nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30;
        int n = posted.length();
        if (n == length
                && posted.charAt(n - 1) == 'Z'
                && posted.charAt(10) == 'T'
                && (n == 20 || posted.charAt(19) == '.')
                && at.getEpochSecond() >= YEAR_0
                && at.getEpochSecond() < YEAR_10000) {
            return true; // parsed (as RFC 3339, digits in their places) to this very instant, so its digits are at's
        }
        return posted.equals(at.toString());
    }

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 =
            Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();
}
