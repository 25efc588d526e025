package dev.posmon.simulator.behaviour;

import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.simulator.behaviour.Fault.Symptom;
import dev.posmon.simulator.fleet.Terminal;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The one place posmon's tools turn a terminal and what happened to it into the contract's events: the simulated
 * fleet ({@link Behaviour}), the benchmarks and the system tests describe a sign-on by its {@link Symptom} (or a
 * success) and a telemetry sample by the terminal's health, and get what a real terminal would send.
 */
public final class Events {

    private Events() {}

    /** A sign-on attempt of the terminal, at the host in its registry record, failing as the symptom says. */
    public static SignOnAttempt signOn(
            UUID eventId, Terminal terminal, Instant at, int attempt, Network network, Symptom symptom) {
        return signOn(
                eventId,
                terminal.id(),
                terminal.host(),
                at,
                attempt,
                network,
                terminal.app(),
                terminal.firmware(),
                symptom);
    }

    /**
     * A sign-on attempt as a terminal reports it: a success when the symptom is {@link Symptom#success(int)}, else a
     * failure at the symptom's stage with its response code, transport error or local error.
     */
    public static SignOnAttempt signOn(
            UUID eventId,
            String terminalId,
            String host,
            Instant at,
            int attempt,
            Network network,
            String appVersion,
            String firmwareVersion,
            Symptom symptom) {
        return new SignOnAttempt(
                eventId,
                terminalId,
                at,
                host,
                symptom.succeeded() ? Outcome.SUCCESS : Outcome.FAILURE,
                symptom.stage(),
                symptom.responseCode(),
                symptom.transportError(),
                symptom.localError(),
                symptom.latencyMs(),
                attempt,
                network,
                appVersion,
                firmwareVersion,
                null);
    }

    /**
     * The network the terminal reports: its bearer and carrier, its usual signal give or take 5 dBm, 15 dB lower when
     * degraded.
     */
    public static Network network(Terminal terminal, SplittableRandom random, boolean degraded) {
        if (terminal.networkType() == NetworkType.ETHERNET) {
            return new Network(NetworkType.ETHERNET, null, null);
        }
        int signal = terminal.baseSignalDbm() + random.nextInt(11) - 5 - (degraded ? 15 : 0);
        return new Network(terminal.networkType(), terminal.carrier(), Math.max(-140, Math.min(-20, signal)));
    }

    /**
     * A telemetry sample: battery, printer, memory and uptime at random within their usual ranges, a few paper-outs;
     * a terminal with a chronic hardware fault reports card-reader errors and now and then a keypad fault.
     */
    public static Telemetry telemetry(Terminal terminal, Instant at, SplittableRandom random, long idSalt) {
        boolean hardware = terminal.chronic() == Fault.HARDWARE;
        return new Telemetry(
                eventId(random, idSalt),
                terminal.id(),
                at,
                20 + random.nextInt(81),
                random.nextInt(4) > 0,
                network(terminal, random, false),
                30 + random.nextInt(250),
                random.nextInt(100) < 2 ? Telemetry.Printer.PAPER_OUT : Telemetry.Printer.OK,
                hardware ? 3 + random.nextInt(10) : random.nextInt(100) < 2 ? 1 : 0,
                hardware && random.nextBoolean(),
                false,
                120 + random.nextInt(400),
                (long) random.nextInt(86_400 * 3),
                random.nextInt(3),
                terminal.app(),
                terminal.firmware(),
                null,
                display(terminal));
    }

    /**
     * What a terminal's screen shows: a terminal with a chronic hardware fault shows a blank screen one time in seven
     * (decided by its id, so that no random draw shifts the rest of a run), every other terminal reports OK.
     */
    static Telemetry.Display display(Terminal terminal) {
        return terminal.chronic() == Fault.HARDWARE
                        && Math.floorMod(terminal.id().hashCode(), 7) == 0
                ? Telemetry.Display.BLANK
                : Telemetry.Display.OK;
    }

    /**
     * A version-4 UUID from the run's random source (reproducible, unlike UUID.randomUUID()).
     *
     * @param salt mixed into the id, so that a replay of the same run is new to analytics' de-duplication; 0 for the
     *             very same ids
     */
    public static UUID eventId(SplittableRandom random, long salt) {
        long msb = ((random.nextLong() ^ salt) & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = ((random.nextLong() ^ Long.rotateLeft(salt, 29)) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
