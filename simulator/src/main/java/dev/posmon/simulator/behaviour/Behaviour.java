package dev.posmon.simulator.behaviour;

import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;
import dev.posmon.simulator.behaviour.Fault.Symptom;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.fleet.Terminal;
import dev.posmon.simulator.fleet.Weighted;
import dev.posmon.simulator.scenario.AffectedTerminals;
import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the fleet sends, one simulated minute at a time: each terminal signs on when its shop opens (the
 * morning peak, in its local time), again after reboots and key expiry (background sign-ons that follow the
 * shops' day; a terminal stuck on a chronic fault or a frozen merchant tries much less often), retries a failed sign-on
 * up to twice ({@code attempt} 2 and 3, 8 to 30 s later), and sends
 * telemetry every few minutes. A sign-on fails of an active disruption that reaches the terminal, else of the
 * terminal's chronic fault or frozen merchant, else of the baseline mix of every cause at low rates. As it goes, it
 * counts whom each disruption made fail ({@link #affected()}), for the ground truth.
 * <p>
 * Deterministic: minute {@code m} of a run is generated from its own random source derived from the seed,
 * the simulated start and {@code m}, whatever the pacing of the run.
 */
public final class Behaviour {

    /** The baseline failure mix: share of all sign-ons failing of each fault (about 3 % in all). */
    public static final Weighted<Fault> BASELINE_MIX = Weighted.of(
            Fault.NETWORK,
            1.0,
            Fault.HOST_DOWN,
            0.3,
            Fault.HOST_CUTOVER,
            0.03,
            Fault.HOST_ROUTING,
            0.08,
            Fault.KEY_MAC,
            0.15,
            Fault.NOT_REGISTERED,
            0.04,
            Fault.MERCHANT_ACCOUNT,
            0.04,
            Fault.TERMINAL_STATE,
            0.3,
            Fault.SOFTWARE,
            0.15,
            Fault.HARDWARE,
            0.2,
            Fault.OPERATOR,
            0.35,
            Fault.UNKNOWN,
            0.06);
    /** Share of sign-ons that fail of the baseline mix (percent of the weights above). */
    public static final double BASELINE_FAILURE_RATIO = 0.027;
    /** Chance that a terminal with a chronic fault fails of it. */
    public static final double CHRONIC_RATIO = 0.85;

    static final int MAX_ATTEMPTS = 3;
    /**
     * A terminal that cannot sign on (a chronic fault, a frozen merchant) is mostly left alone until someone fixes
     * it: it signs on when the shop opens, but tries again later at this fraction of the usual rate.
     */
    static final double STUCK_BACK_OFF = 0.15;

    private final Fleet fleet;
    private final Scenario scenario;
    private final Instant simStart;
    private final long seed;
    private final long idSalt;
    private final AffectedTerminals affected;

    /**
     * @param idSalt mixed into every eventId, so that a replay of the same scenario (same seed and start) is new to
     *               analytics' de-duplication; 0 for the very same ids
     */
    public Behaviour(Fleet fleet, Scenario scenario, Instant simStart, long idSalt) {
        this.fleet = fleet;
        this.scenario = scenario;
        this.simStart = simStart;
        this.seed = scenario.seed() * 0x9E3779B97F4A7C15L ^ simStart.getEpochSecond();
        this.idSalt = idSalt;
        this.affected = new AffectedTerminals(scenario.disruptions(), simStart);
    }

    /** Whom each disruption hit in the minutes generated so far: the ground truth's affected terminals. */
    public AffectedTerminals affected() {
        return affected;
    }

    /** How busy shops are at a local hour, relative to the business day (1.0). */
    public static double activity(int localHour) {
        if (localHour < 6) {
            return 0.05;
        }
        if (localHour < 8) {
            return 0.4;
        }
        if (localHour < 12) {
            return 1.0;
        }
        if (localHour < 14) {
            return 0.8;
        }
        if (localHour < 20) {
            return 1.0;
        }
        return localHour < 22 ? 0.6 : 0.15;
    }

    /** Every event whose sign-on chain or telemetry starts in minute {@code m} of the run, by occurredAt. */
    public List<TerminalEvent> minute(long m) {
        SplittableRandom random = new SplittableRandom(seed + m * 0xBF58476D1CE4E5B9L);
        Instant minuteStart = simStart.plusSeconds(60 * m);
        long utcMinuteOfDay = Math.floorMod(minuteStart.getEpochSecond() / 60, 1440L);
        List<TerminalEvent> events = new ArrayList<>();
        for (Terminal terminal : fleet.openingAt(utcMinuteOfDay)) {
            signOn(terminal, minuteStart.plusMillis(random.nextInt(60_000)), random, events);
        }
        double expected = fleet.size() * scenario.fleet().signOnsPerHour() / 60.0;
        long draws = poisson(expected, random);
        for (long i = 0; i < draws; i++) {
            Terminal terminal = fleet.get(random.nextInt(fleet.size()));
            double backOff = stuck(terminal) ? STUCK_BACK_OFF : 1.0;
            if (random.nextDouble() < activity(terminal.localMinute(utcMinuteOfDay) / 60) * backOff) {
                signOn(terminal, minuteStart.plusMillis(random.nextInt(60_000)), random, events);
            }
        }
        for (Disruption storm : scenario.disruptions()) {
            if (storm.type() == Disruption.Type.RETRY_STORM && storm.activeAt(minuteStart, simStart)) {
                retryStorm(storm, minuteStart, random, events);
            }
        }
        int every = scenario.fleet().telemetryMinutes();
        if (every > 0) {
            for (int i = (int) Math.floorMod(m, (long) every); i < fleet.size(); i += every) {
                Terminal terminal = fleet.get(i);
                Instant at = minuteStart.plusMillis(random.nextInt(60_000));
                if (networkDown(terminal, at)) {
                    continue; // no network, no telemetry
                }
                events.add(Events.telemetry(terminal, at, random, idSalt));
            }
        }
        events.sort(Comparator.comparing(TerminalEvent::occurredAt));
        return events;
    }

    private static boolean stuck(Terminal terminal) {
        return terminal.chronic() != null || terminal.record().merchantStatus() != MerchantStatus.ACTIVE;
    }

    private boolean networkDown(Terminal terminal, Instant at) {
        for (Disruption d : scenario.disruptions()) {
            if (d.fault() == Fault.NETWORK && d.activeAt(at, simStart) && d.affects(terminal)) {
                return true;
            }
        }
        return false;
    }

    /** A sign-on and its retries. */
    private void signOn(Terminal terminal, Instant at, SplittableRandom random, List<TerminalEvent> out) {
        Instant time = at;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Disruption disruption = disruptionFailing(terminal, time, random);
            Fault fault = disruption != null ? disruption.fault() : ordinaryFault(terminal, random);
            affected.attempt(terminal, time, disruption);
            out.add(attempt(terminal, time, attempt, fault, random));
            if (fault == null) {
                return;
            }
            time = time.plusMillis(8_000 + random.nextInt(22_000));
        }
    }

    /**
     * A minute of a retry storm: every terminal it reaches tries to sign on every {@link Disruption#RETRY_EVERY}, each
     * try's attempt number one more than the last since the storm began, until a try gets through (then it rests for
     * the minute and is caught again the next).
     */
    private void retryStorm(Disruption storm, Instant minuteStart, SplittableRandom random, List<TerminalEvent> out) {
        long every = Disruption.RETRY_EVERY.toMillis();
        Instant onset = storm.onset(simStart);
        for (int i = 0; i < fleet.size(); i++) {
            Terminal terminal = fleet.get(i);
            if (!storm.affects(terminal)) {
                continue;
            }
            long phase = Math.floorMod(terminal.record().terminalId().hashCode(), (int) every);
            for (long offset = phase; offset < 60_000; offset += every) {
                Instant time = minuteStart.plusMillis(offset);
                if (!storm.activeAt(time, simStart)) {
                    break;
                }
                int attempt = (int) (Duration.between(onset, time).toMillis() / every) + 1;
                boolean fails = random.nextDouble() < storm.failureChance(time, simStart);
                affected.attempt(terminal, time, fails ? storm : null);
                out.add(attempt(terminal, time, attempt, fails ? storm.fault() : null, random));
                if (!fails) {
                    break;
                }
            }
        }
    }

    /** The disruption a sign-on of this terminal at this time fails of, or null. */
    private Disruption disruptionFailing(Terminal terminal, Instant at, SplittableRandom random) {
        for (Disruption d : scenario.disruptions()) {
            if (d.affects(terminal) && random.nextDouble() < d.failureChance(at, simStart)) {
                return d;
            }
        }
        return null;
    }

    /** Without a disruption: the fault a sign-on of this terminal fails of, or null if it succeeds. */
    private Fault ordinaryFault(Terminal terminal, SplittableRandom random) {
        if (terminal.record().merchantStatus() != MerchantStatus.ACTIVE) {
            return Fault.MERCHANT_ACCOUNT;
        }
        if (terminal.chronic() != null && random.nextDouble() < CHRONIC_RATIO) {
            return terminal.chronic();
        }
        double weakSignal = terminal.networkType() == NetworkType._2G || terminal.baseSignalDbm() < -100 ? 3.0 : 1.0;
        double roll = random.nextDouble();
        if (roll < BASELINE_FAILURE_RATIO * BASELINE_MIX.share(Fault.NETWORK) * (weakSignal - 1)) {
            return Fault.NETWORK;
        }
        return random.nextDouble() < BASELINE_FAILURE_RATIO ? BASELINE_MIX.pick(random) : null;
    }

    private SignOnAttempt attempt(Terminal terminal, Instant at, int attempt, Fault fault, SplittableRandom random) {
        Network network = Events.network(terminal, random, fault == Fault.NETWORK);
        if (fault == null) {
            UUID eventId = Events.eventId(random, idSalt);
            return Events.signOn(eventId, terminal, at, attempt, network, Symptom.success(250 + random.nextInt(1200)));
        }
        Symptom symptom = fault.symptom(terminal.record().networkProfile(), random);
        return Events.signOn(Events.eventId(random, idSalt), terminal, at, attempt, network, symptom);
    }

    /** A Poisson draw: Knuth's method for small means, the normal approximation for large ones. */
    static long poisson(double mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private static double gaussian(SplittableRandom random) {
        double u = Math.max(1e-12, random.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
