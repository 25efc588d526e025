package dev.posmon.simulator.bench;

import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When the detection benchmark breaks what: rounds of a host outage, a province's network outage and a key-sync wave,
 * each at a known wall-clock instant of the real-time phase, lasting {@code outage}, then {@code gap} without a
 * disruption before the next. Onsets fall at varied seconds of their minute ({@link #secondOfMinute}), so the figure is
 * not flattered (or hurt) by an alignment with the one-minute cube windows.
 * <p>
 * Scopes rotate so that no scope of one incident family comes back within the correlator's 30-minute re-open
 * cool-down (a relapse re-opens the old incident instead of opening one), and a key-sync wave never hits the host of
 * an outage that may still be open (a host incident absorbs what lies on its host): round r uses host outage
 * {@code H2, H3, H4}[r], network outage {@code 440000, 320000, 330000}[r] (Guangdong, Jiangsu, Zhejiang) and key sync
 * {@code H4, H2, H3}[r]. In a fleet of 4,000 each of these scopes holds 300 to 1,000 terminals.
 */
public record DetectSchedule(Instant simStart, Duration history, List<Injection> injections) {

    public DetectSchedule {
        injections = List.copyOf(injections);
    }

    /** The scopes rotated through, by round. */
    static final List<String> OUTAGE_HOSTS = List.of("H2", "H3", "H4");

    static final List<String> PROVINCES = List.of("440000", "320000", "330000");
    static final List<String> KEY_SYNC_HOSTS = List.of("H4", "H2", "H3");

    /**
     * @param perKind injections of each kind (rounds)
     * @param lead    from the moment the real-time phase begins to the first onset (alerting judges the history first)
     * @param outage  how long each disruption lasts
     * @param gap     from the end of one disruption to the onset of the next
     */
    public record Settings(int perKind, Duration lead, Duration outage, Duration gap) {

        public Settings {
            if (perKind < 1) {
                throw new IllegalArgumentException("at least one injection per kind");
            }
            if (outage.isNegative() || outage.isZero() || gap.isNegative() || lead.isNegative()) {
                throw new IllegalArgumentException("outage must be positive, gap and lead not negative");
            }
        }

        public Duration slot() {
            return outage.plus(gap);
        }
    }

    /**
     * One disruption of the run: what the benchmark expects alerting to open for it, and when it began and ended (wall
     * clock).
     */
    public record Injection(
            int number,
            String id,
            Disruption.Type type,
            String kind,
            Map<String, String> scope,
            Instant onset,
            Instant end) {

        public String scopeText() {
            return scope.toString();
        }
    }

    /** The second of its minute at which injection {@code k} (from 0) begins: 17, 54, 31, 8, 45, 22, 59, 36, 13, ... */
    static int secondOfMinute(int k) {
        return (17 + 37 * k) % 60;
    }

    /**
     * The injections of a run whose simulated time starts at {@code simStart} and meets the wall clock at {@code liveFrom}:
     * injection k starts in the minute of {@code liveFrom + lead + k * slot}, at {@link #secondOfMinute}(k), but never
     * before that instant.
     */
    public static DetectSchedule plan(Instant simStart, Duration history, Instant liveFrom, Settings settings) {
        List<Injection> injections = new ArrayList<>();
        int k = 0;
        for (int round = 0; round < settings.perKind(); round++) {
            for (Disruption.Type type : List.of(
                    Disruption.Type.HOST_OUTAGE,
                    Disruption.Type.PROVINCE_NETWORK_OUTAGE,
                    Disruption.Type.KEY_SYNC_WAVE)) {
                Instant nominal =
                        liveFrom.plus(settings.lead()).plus(settings.slot().multipliedBy(k));
                Instant onset = nominal.truncatedTo(ChronoUnit.MINUTES).plusSeconds(secondOfMinute(k));
                if (onset.isBefore(nominal)) {
                    onset = onset.plus(Duration.ofMinutes(1));
                }
                String scopeValue = switch (type) {
                    case HOST_OUTAGE -> OUTAGE_HOSTS.get(round % 3);
                    case PROVINCE_NETWORK_OUTAGE -> PROVINCES.get(round % 3);
                    default -> KEY_SYNC_HOSTS.get(round % 3);
                };
                Disruption d =
                        disruption(k + 1, type, scopeValue, Duration.between(simStart, onset), settings.outage());
                injections.add(new Injection(
                        k + 1, d.id(), type, d.expectedKind(), d.scope(), onset, onset.plus(settings.outage())));
                k++;
            }
        }
        return new DetectSchedule(simStart, history, injections);
    }

    private static Disruption disruption(int n, Disruption.Type type, String scopeValue, Duration at, Duration outage) {
        boolean host = type != Disruption.Type.PROVINCE_NETWORK_OUTAGE;
        String id = String.format("%d-%s-%s", n, type.fileName(), scopeValue);
        return new Disruption(
                        id,
                        type,
                        at,
                        outage,
                        host ? scopeValue : null,
                        host ? null : scopeValue,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "detection benchmark injection " + n)
                .validated(n);
    }

    /** The injections as the scenario's disruptions (offsets from {@code simStart}). */
    public List<Disruption> disruptions() {
        List<Disruption> list = new ArrayList<>();
        for (Injection i : injections) {
            String value = i.scope().values().iterator().next();
            list.add(disruption(
                    i.number(),
                    i.type(),
                    value,
                    Duration.between(simStart, i.onset()),
                    Duration.between(i.onset(), i.end())));
        }
        return list;
    }

    /** The last injection's end. */
    public Instant lastEnd() {
        return injections.get(injections.size() - 1).end();
    }

    /**
     * The real-time scenario that plays it: {@code history} (the warm-up) at {@code speed}, then the injections at 1x, then
     * the scenario's quiet tail (whole minutes).
     */
    public Scenario scenario(int terminals, double signOnsPerHour, double speed, long seed) {
        Duration span = Duration.between(simStart, lastEnd()).plus(Scenario.TAIL);
        Duration duration = Duration.ofMinutes((span.toSeconds() + 59) / 60);
        return new Scenario(
                        "detect-bench",
                        "real-time detection benchmark: " + injections.size() + " injections",
                        seed,
                        new Scenario.FleetSettings(terminals, signOnsPerHour, 5, null, null),
                        new Scenario.ClockSettings(LocalTime.MIDNIGHT, duration, speed, history, true),
                        disruptions())
                .validated("detect-bench");
    }
}
