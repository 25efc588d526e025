package dev.posmon.analytics.enrich;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord;

/** An attempt with its terminal's registry record (null for an unregistered terminal). */
public record Enriched(SignOnAttempt attempt, TerminalRecord terminal) {
}
