package dev.posmon.systemtests;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.LocalError;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import dev.posmon.contract.registry.TerminalRecord;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.simulator.behaviour.Events;
import dev.posmon.simulator.behaviour.Fault.Symptom;
import dev.posmon.simulator.fleet.Terminal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The sign-on attempts the system tests send, each of a {@link Kind} whose cause analytics must find, and
 * the leaf-cube cells they must add up to, computed independently of analytics from what was sent.
 */
final class SignOns {

    static final String HOST = "H1";
    static final String APP_VERSION = "3.2.1";
    static final String FIRMWARE = "FW-7.4";

    private SignOns() {}

    /**
     * One kind of attempt, how the terminal reports it and the cause analytics must give it (CUP code table; null for
     * a success).
     */
    enum Kind {
        SUCCESS(Symptom.success(420), null),
        /** Host answered 96, "system malfunction". */
        HOST_96(new Symptom(Stage.AUTH, "96", null, null, 900), Cause.HOST_UNAVAILABLE),
        /** Host answered A0, "MAC verification failed". */
        MAC_A0(new Symptom(Stage.KEY_EXCHANGE, "A0", null, null, 650), Cause.KEY_MAC),
        /** No TCP connection within the terminal's timeout, on a normal signal. */
        CONNECT_TIMEOUT(new Symptom(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, 30000), Cause.NETWORK),
        /** The terminal reported its own card reader fault. */
        CARD_READER(new Symptom(Stage.CONNECT, null, null, LocalError.CARD_READER_FAULT, 10), Cause.HARDWARE);

        final Symptom symptom;
        final Cause cause;

        Kind(Symptom symptom, Cause cause) {
            this.symptom = symptom;
            this.cause = cause;
        }
    }

    /** An attempt as sent, with the registry facts it must be classified and counted under. */
    record Sent(SignOnAttempt attempt, Kind kind, String province, String model, String acquirer) {

        Sent(SignOnAttempt attempt, Kind kind, TerminalRecord terminal) {
            this(attempt, kind, terminal.province(), terminal.model(), terminal.acquirer());
        }

        /** Its leaf-cube cell: the one-minute window of occurredAt, the cell's dimensions and its acquirer. */
        String cellKey() {
            String carrier = attempt.network().carrier();
            return attempt.occurredAt().truncatedTo(ChronoUnit.MINUTES) + "|"
                    + CubeCell.cellKey(
                            province,
                            attempt.hostId(),
                            carrier,
                            model,
                            attempt.firmwareVersion(),
                            attempt.appVersion(),
                            acquirer);
        }
    }

    /** What a cube cell says, without its window and dimensions (those are its key). */
    record Totals(
            long attempts, long successes, long failures, Map<Cause, Long> failuresByCause, long failingTerminals) {

        Totals {
            failuresByCause = new TreeMap<>(failuresByCause);
        }

        static Totals of(CubeCell cell) {
            return new Totals(
                    cell.attempts(),
                    cell.successes(),
                    cell.failures(),
                    cell.failuresByCause(),
                    cell.failingTerminals());
        }

        Totals plus(Totals other) {
            Map<Cause, Long> causes = new EnumMap<>(Cause.class);
            causes.putAll(failuresByCause);
            other.failuresByCause.forEach((cause, count) -> causes.merge(cause, count, Long::sum));
            return new Totals(
                    attempts + other.attempts,
                    successes + other.successes,
                    failures + other.failures,
                    causes,
                    failingTerminals + other.failingTerminals);
        }

        static Totals zero() {
            return new Totals(0, 0, 0, Map.of(), 0);
        }
    }

    /** The cells the attempts must add up to, keyed like {@link CubeCell#key()}. */
    static Map<String, Totals> expectedCells(Collection<Sent> sent) {
        Map<String, long[]> counts = new HashMap<>();
        Map<String, Map<Cause, Long>> causes = new HashMap<>();
        Map<String, Set<String>> failing = new HashMap<>();
        for (Sent one : sent) {
            String key = one.cellKey();
            long[] count = counts.computeIfAbsent(key, k -> new long[2]);
            count[0]++;
            Map<Cause, Long> byCause = causes.computeIfAbsent(key, k -> new EnumMap<>(Cause.class));
            Set<String> terminals = failing.computeIfAbsent(key, k -> new HashSet<>());
            if (one.kind() == Kind.SUCCESS) {
                count[1]++;
            } else {
                byCause.merge(one.kind().cause, 1L, Long::sum);
                terminals.add(one.attempt().terminalId());
            }
        }
        Map<String, Totals> cells = new TreeMap<>();
        counts.forEach((key, count) -> cells.put(
                key,
                new Totals(
                        count[0],
                        count[1],
                        count[0] - count[1],
                        causes.get(key),
                        failing.get(key).size())));
        return cells;
    }

    static SignOnAttempt attempt(String terminalId, Instant occurredAt, Kind kind, String carrier, String firmware) {
        return attempt(terminalId, HOST, occurredAt, kind, new Network(NetworkType._4G, carrier, -85), firmware);
    }

    /** An attempt of the kind dialled at the given host, on the given network (made by the simulator's events). */
    static SignOnAttempt attempt(
            String terminalId, String host, Instant occurredAt, Kind kind, Network network, String firmware) {
        return Events.signOn(
                UUID.randomUUID(), terminalId, host, occurredAt, 1, network, APP_VERSION, firmware, kind.symptom);
    }

    /** The terminal as the simulator's events see it: on 4G with the carrier at a normal signal, this firmware and app. */
    static Terminal device(TerminalRecord record, String carrier) {
        return new Terminal(0, record, NetworkType._4G, carrier, -85, FIRMWARE, APP_VERSION, 8 * 60, 8 * 60, null);
    }

    /** An ACTIVE terminal of host H1 on the CUP response-code table. */
    static TerminalRecord terminal(String terminalId, String regionCode, String model, String acquirer) {
        return new TerminalRecord(
                terminalId,
                "M-" + terminalId,
                regionCode,
                model,
                "Acme",
                HOST,
                acquirer,
                "CUP",
                "Asia/Shanghai",
                MerchantStatus.ACTIVE);
    }
}
