package dev.posmon.analytics.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.Telemetry.Display;
import dev.posmon.contract.event.Telemetry.Location;
import dev.posmon.contract.event.Telemetry.Printer;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A {@link Telemetry} sample from its JSON without databind, or null for a shape left to databind (see
 * {@link EventReader}). {@code EventReadersTest} holds it to databind's result over generated samples.
 */
final class TelemetryReader extends EventReader<Telemetry> {

    /** The record's fields, named as on the wire, in the order the contract's mapper writes them ({@code type} last). */
    private enum Field {
        eventId,
        terminalId,
        occurredAt,
        batteryPct,
        charging,
        network,
        echoRttMs,
        printer,
        cardReaderErrors,
        keypadFault,
        tampered,
        freeMemMb,
        uptimeS,
        rebootCount,
        appVersion,
        firmwareVersion,
        location,
        display,
        type
    }

    /** A {@link Location}'s fields. */
    private enum LocationField {
        lat,
        lon,
        accuracyM
    }

    private static final Fields<Field> FIELDS = new Fields<>(Field.class);
    private static final Fields<LocationField> LOCATION_FIELDS = new Fields<>(LocationField.class);
    private static final Printer[] PRINTERS = Printer.values();
    private static final String[] PRINTER_NAMES = names(PRINTERS);
    private static final Display[] DISPLAYS = Display.values();
    private static final String[] DISPLAY_NAMES = names(DISPLAYS);

    @Override
    Telemetry object(JsonParser parser) throws IOException, Unread {
        UUID eventId = null;
        String terminalId = null;
        Instant occurredAt = null;
        Integer batteryPct = null;
        Boolean charging = null;
        Network network = null;
        Integer echoRttMs = null;
        Printer printer = null;
        Integer cardReaderErrors = null;
        Boolean keypadFault = null;
        Boolean tampered = null;
        Integer freeMemMb = null;
        Long uptimeS = null;
        Integer rebootCount = null;
        String appVersion = null;
        String firmwareVersion = null;
        Location location = null;
        Display display = null;
        long seen = 0;
        Field field = null;
        while ((field = FIELDS.next(parser, field)) != null) {
            if (field == Field.type) {
                parser.skipChildren(); // ignored, whatever it holds and however often
                continue;
            }
            seen = once(seen, field);
            switch (field) {
                case eventId -> eventId = uuid(parser);
                case terminalId -> terminalId = string(parser);
                case occurredAt -> occurredAt = instant(parser);
                case batteryPct -> batteryPct = integer(parser);
                case charging -> charging = bool(parser);
                case network -> network = network(parser);
                case echoRttMs -> echoRttMs = integer(parser);
                case printer -> printer = constant(parser, PRINTERS, PRINTER_NAMES);
                case cardReaderErrors -> cardReaderErrors = integer(parser);
                case keypadFault -> keypadFault = bool(parser);
                case tampered -> tampered = bool(parser);
                case freeMemMb -> freeMemMb = integer(parser);
                case uptimeS -> uptimeS = longValue(parser);
                case rebootCount -> rebootCount = integer(parser);
                case appVersion -> appVersion = string(parser);
                case firmwareVersion -> firmwareVersion = string(parser);
                case location -> location = location(parser);
                case display -> display = constant(parser, DISPLAYS, DISPLAY_NAMES);
                case type -> throw new AssertionError("skipped above");
            }
        }
        return new Telemetry(
                eventId,
                terminalId,
                occurredAt,
                batteryPct,
                charging,
                network,
                echoRttMs,
                printer,
                cardReaderErrors,
                keypadFault,
                tampered,
                freeMemMb,
                uptimeS,
                rebootCount,
                appVersion,
                firmwareVersion,
                location,
                display);
    }

    /** lat and lon must both be there: databind would make a missing one 0.0, which is left to it. */
    private static Location location(JsonParser parser) throws IOException, Unread {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw Unread.INSTANCE;
        }
        double lat = 0;
        double lon = 0;
        Double accuracyM = null;
        long seen = 0;
        LocationField field = null;
        while ((field = LOCATION_FIELDS.next(parser, field)) != null) {
            seen = once(seen, field);
            switch (field) {
                case lat -> lat = number(parser);
                case lon -> lon = number(parser);
                case accuracyM -> accuracyM = number(parser);
            }
        }
        if ((seen & 0b11) != 0b11) {
            throw Unread.INSTANCE;
        }
        return new Location(lat, lon, accuracyM);
    }
}
