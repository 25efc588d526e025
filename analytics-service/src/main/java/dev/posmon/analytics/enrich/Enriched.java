package dev.posmon.analytics.enrich;

import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;

/** An attempt with what is known of its terminal: registry record and latest telemetry, either possibly null. */
public record Enriched(SignOnAttempt attempt, TerminalRecord terminal, Telemetry telemetry) {

    public Enriched withTelemetry(Telemetry latest) {
        return new Enriched(attempt, terminal, latest);
    }
}
