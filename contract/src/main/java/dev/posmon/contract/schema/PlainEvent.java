package dev.posmon.contract.schema;

import java.time.Instant;

/**
 * An event read from the parser's tokens that is plainly valid: its schema ({@code signon-attempt.schema.json} or
 * {@code telemetry.schema.json}) and, for a sign-on, the cross-field rules ({@link ContractRules}) pass it, as
 * {@link ContractSchema#scanPlain} decided without building a tree. What a receiver needs to admit it.
 *
 * @param type       {@code signon} or {@code telemetry}
 * @param occurredAt as posted
 * @param at         {@code occurredAt} read
 */
public record PlainEvent(String type, String eventId, String terminalId, String occurredAt, Instant at) {}
