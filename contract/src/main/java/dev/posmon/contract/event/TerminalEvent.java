package dev.posmon.contract.event;

import java.time.Instant;
import java.util.UUID;

/** What every event a terminal sends has in common: its idempotency key, its terminal and its time. */
public sealed interface TerminalEvent permits SignOnAttempt, Telemetry {

    UUID eventId();

    String terminalId();

    /** When the terminal says it happened (terminal clock). */
    Instant occurredAt();

    /** The wire discriminator: {@code signon} or {@code telemetry}. */
    String type();
}
