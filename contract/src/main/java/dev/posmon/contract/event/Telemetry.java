package dev.posmon.contract.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A device health sample (wire type {@code telemetry}), as posted to ingest and as carried on
 * {@code device.telemetry.v1}. Schema: {@code schemas/telemetry.schema.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "type", allowGetters = true)
public record Telemetry(
        UUID eventId,
        String terminalId,
        Instant occurredAt,
        Integer batteryPct,
        Boolean charging,
        Network network,
        Integer echoRttMs,
        Printer printer,
        Integer cardReaderErrors,
        Boolean keypadFault,
        Boolean tampered,
        Integer freeMemMb,
        Long uptimeS,
        Integer rebootCount,
        String appVersion,
        String firmwareVersion,
        Location location,
        Display display)
        implements TerminalEvent {

    public static final String TYPE = "telemetry";

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    public enum Printer {
        OK,
        PAPER_OUT,
        FAULT
    }

    /**
     * What the terminal's screen showed after its last sign-on, as the terminal (or its self-test) saw it: the field
     * guide's display anomalies. Absent when the terminal does not report it.
     */
    public enum Display {
        OK,
        /** A blank or black screen: the panel, its backlight or its power (hardware). */
        BLANK,
        /** Garbled characters: the app's font or character-set package, or a version that renders wrongly (software). */
        GARBLED,
        /**
         * The merchant name shown is not the one the acquirer registered: the terminal's parameters (downloaded from
         * the terminal management system) are another merchant's or stale.
         */
        WRONG_MERCHANT_NAME
    }

    /** Where the terminal reported itself to be, when it knows. */
    public record Location(double lat, double lon, Double accuracyM) {}
}
