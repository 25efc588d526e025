package dev.posmon.analytics.event;

import com.fasterxml.jackson.core.JsonParser;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.LocalError;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * A {@link SignOnAttempt} from its JSON without databind, or null for a shape left to databind (see
 * {@link EventReader}). {@code EventReadersTest} holds it to databind's result over generated events.
 */
final class AttemptReader extends EventReader<SignOnAttempt> {

    /** The record's fields, named as on the wire, in the order the contract's mapper writes them ({@code type} last). */
    private enum Field {
        eventId,
        terminalId,
        occurredAt,
        hostId,
        outcome,
        stage,
        responseCode,
        transportError,
        localError,
        latencyMs,
        attempt,
        network,
        appVersion,
        firmwareVersion,
        operatorId,
        type
    }

    private static final Fields<Field> FIELDS = new Fields<>(Field.class);
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final String[] OUTCOME_NAMES = names(OUTCOMES);
    private static final Stage[] STAGES = Stage.values();
    private static final String[] STAGE_NAMES = names(STAGES);
    private static final TransportError[] TRANSPORT_ERRORS = TransportError.values();
    private static final String[] TRANSPORT_ERROR_NAMES = names(TRANSPORT_ERRORS);
    private static final LocalError[] LOCAL_ERRORS = LocalError.values();
    private static final String[] LOCAL_ERROR_NAMES = names(LOCAL_ERRORS);

    @Override
    SignOnAttempt object(JsonParser parser) throws IOException, Unread {
        UUID eventId = null;
        String terminalId = null;
        Instant occurredAt = null;
        String hostId = null;
        Outcome outcome = null;
        Stage stage = null;
        String responseCode = null;
        TransportError transportError = null;
        LocalError localError = null;
        Integer latencyMs = null;
        Integer attempt = null;
        Network network = null;
        String appVersion = null;
        String firmwareVersion = null;
        String operatorId = null;
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
                case hostId -> hostId = string(parser);
                case outcome -> outcome = constant(parser, OUTCOMES, OUTCOME_NAMES);
                case stage -> stage = constant(parser, STAGES, STAGE_NAMES);
                case responseCode -> responseCode = string(parser);
                case transportError -> transportError = constant(parser, TRANSPORT_ERRORS, TRANSPORT_ERROR_NAMES);
                case localError -> localError = constant(parser, LOCAL_ERRORS, LOCAL_ERROR_NAMES);
                case latencyMs -> latencyMs = integer(parser);
                case attempt -> attempt = integer(parser);
                case network -> network = network(parser);
                case appVersion -> appVersion = string(parser);
                case firmwareVersion -> firmwareVersion = string(parser);
                case operatorId -> operatorId = string(parser);
                case type -> throw new AssertionError("skipped above");
            }
        }
        return new SignOnAttempt(
                eventId,
                terminalId,
                occurredAt,
                hostId,
                outcome,
                stage,
                responseCode,
                transportError,
                localError,
                latencyMs,
                attempt,
                network,
                appVersion,
                firmwareVersion,
                operatorId);
    }
}
