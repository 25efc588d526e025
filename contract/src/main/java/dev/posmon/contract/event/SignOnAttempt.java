package dev.posmon.contract.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * One sign-on attempt of a terminal to its acquirer host (wire type {@code signon}), as posted to
 * ingest and as carried on {@code signon.attempts.v1}. Schema: {@code schemas/signon-attempt.schema.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "type", allowGetters = true)
public record SignOnAttempt(
        UUID eventId,
        String terminalId,
        Instant occurredAt,
        String hostId,
        Outcome outcome,
        Stage stage,
        String responseCode,
        TransportError transportError,
        LocalError localError,
        Integer latencyMs,
        Integer attempt,
        Network network,
        String appVersion,
        String firmwareVersion,
        String operatorId)
        implements TerminalEvent {

    public static final String TYPE = "signon";

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public boolean failed() {
        return outcome == Outcome.FAILURE;
    }

    public enum Outcome {
        SUCCESS,
        FAILURE
    }

    /** How far the sign-on got: the stage reached, or the one that failed. */
    public enum Stage {
        CONNECT,
        TLS,
        AUTH,
        KEY_EXCHANGE,
        PARAM_DOWNLOAD,
        COMPLETE
    }

    /** Terminal-side transport failures; these never carry an ISO 8583 field 39. */
    public enum TransportError {
        DNS,
        CONNECT_TIMEOUT,
        CONNECT_REFUSED,
        TLS_HANDSHAKE,
        READ_TIMEOUT,
        CONNECTION_RESET,
        NO_NETWORK
    }

    /** Faults the terminal detected itself, before or without the host's answer. */
    public enum LocalError {
        OPERATOR_CREDENTIALS,
        CARD_READER_FAULT,
        KEYPAD_FAULT,
        PRINTER_FAULT,
        POWER,
        KEY_MISSING,
        PARAM_CORRUPT,
        APP_CRASH,
        STORAGE_FULL,
        CLOCK_INVALID,
        /** The terminal's display failed (blank, or the self-test found the panel dead): it could not go on. */
        DISPLAY_FAULT,
        /**
         * The host's sign-on answer names another merchant than the terminal's parameters: the terminal refused to go on
         * rather than print receipts with the wrong name.
         */
        MERCHANT_NAME_MISMATCH,
        OTHER
    }
}
