package dev.posmon.simulator.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.event.TerminalEvent;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.schema.ContractRules;
import dev.posmon.contract.schema.ContractSchema;
import dev.posmon.simulator.SimClock;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.scenario.AffectedTerminals;
import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.GroundTruth;
import dev.posmon.simulator.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BehaviourTest {

    /** Midnight in Shanghai. */
    private static final Instant MIDNIGHT = Instant.parse("2026-11-24T16:00:00Z");

    private static final Fleet FLEET = Fleet.generate(20_000, 7, 0.003, 0.002);
    private static final ObjectMapper JSON =
            ContractJson.mapper().copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    private static Scenario scenario(String yaml) {
        return Scenario.parse("seed: 7\nfleet: {terminals: 20000, signOnsPerHour: 2, telemetryMinutes: 30}\n" + yaml);
    }

    private static List<TerminalEvent> events(Behaviour behaviour, long fromMinute, long toMinute) {
        List<TerminalEvent> events = new ArrayList<>();
        for (long m = fromMinute; m < toMinute; m++) {
            events.addAll(behaviour.minute(m));
        }
        return events;
    }

    private static List<SignOnAttempt> signOns(List<TerminalEvent> events) {
        return events.stream()
                .filter(SignOnAttempt.class::isInstance)
                .map(SignOnAttempt.class::cast)
                .toList();
    }

    private static double failureRatio(List<SignOnAttempt> attempts, Predicate<SignOnAttempt> which) {
        List<SignOnAttempt> selected = attempts.stream().filter(which).toList();
        return selected.stream().filter(SignOnAttempt::failed).count() / (double) selected.size();
    }

    @Test
    void signOnsPeakAtShopOpeningInLocalTimeAndAreRareAtNight() {
        // a realistic rate: one background sign-on every two business hours, besides the one at opening
        Behaviour behaviour = new Behaviour(
                FLEET,
                Scenario.parse("fleet: {terminals: 20000, signOnsPerHour: 0.5, telemetryMinutes: 0}"),
                MIDNIGHT,
                0);
        Map<Integer, Long> firstAttemptsByLocalHour = signOns(events(behaviour, 0, 1440)).stream()
                .filter(a -> a.attempt() == 1)
                .collect(Collectors.groupingBy(
                        a -> a.occurredAt().atZone(ZoneId.of("Asia/Shanghai")).getHour(), Collectors.counting()));
        long nine = firstAttemptsByLocalHour.get(9);
        long afternoon = firstAttemptsByLocalHour.get(15);
        assertThat(nine).isGreaterThan(afternoon * 3 / 2);
        assertThat(firstAttemptsByLocalHour.get(3)).isLessThan(afternoon / 10);
        assertThat(firstAttemptsByLocalHour.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey())
                .isIn(8, 9);
    }

    @Test
    void theBaselineFailsAtALowRateOfEveryCauseAndRetriesCountAttempts() {
        Behaviour behaviour = new Behaviour(FLEET, scenario(""), MIDNIGHT, 0);
        List<SignOnAttempt> attempts = signOns(events(behaviour, 14 * 60, 16 * 60));
        assertThat(attempts.size()).isGreaterThan(60_000);
        assertThat(failureRatio(attempts, a -> a.attempt() == 1)).isBetween(0.02, 0.05);
        Set<String> evidence = new HashSet<>();
        for (SignOnAttempt a : attempts.stream().filter(SignOnAttempt::failed).toList()) {
            evidence.add(Objects.toString(a.responseCode(), "")
                    + Objects.toString(a.transportError(), "")
                    + Objects.toString(a.localError(), ""));
        }
        // network, host unavailable, host maintenance, routing, key/MAC, not registered, merchant, state, software,
        // hardware, operator, unknown
        assertThat(evidence)
                .contains(
                        "CONNECT_TIMEOUT",
                        "NO_NETWORK",
                        "96",
                        "91",
                        "CONNECT_REFUSED",
                        "90",
                        "92",
                        "A0",
                        "63",
                        "D1",
                        "97",
                        "58",
                        "03",
                        "22",
                        "77",
                        "30",
                        "APP_CRASH",
                        "CARD_READER_FAULT",
                        "KEYPAD_FAULT",
                        "OPERATOR_CREDENTIALS",
                        "OTHER");
        assertThat(attempts)
                .anyMatch(a -> a.attempt() == 2)
                .anyMatch(a -> a.attempt() == 3)
                .allMatch(a -> a.attempt() <= 3);
        Map<String, List<SignOnAttempt>> byTerminal =
                attempts.stream().collect(Collectors.groupingBy(SignOnAttempt::terminalId));
        for (SignOnAttempt retry :
                attempts.stream().filter(a -> a.attempt() > 1).limit(200).toList()) {
            assertThat(byTerminal.get(retry.terminalId()))
                    .as("a retry follows a failure of the same terminal")
                    .anyMatch(a -> a.attempt() == retry.attempt() - 1
                            && a.failed()
                            && a.occurredAt().isBefore(retry.occurredAt()));
        }
    }

    @Test
    void everyEventKeepsTheContract() {
        Behaviour behaviour = new Behaviour(
                FLEET,
                scenario("disruptions: [{type: province-network-outage, province: '440000', at: PT1H, for: PT20M}]"),
                MIDNIGHT.plus(Duration.ofHours(8)),
                0);
        List<TerminalEvent> events = events(behaviour, 55, 75);
        assertThat(events).anyMatch(Telemetry.class::isInstance);
        for (TerminalEvent event : events) {
            if (event instanceof SignOnAttempt attempt) {
                assertThat(ContractSchema.SIGNON_ATTEMPT.validate(JSON.valueToTree(attempt)))
                        .as(attempt.toString())
                        .isEmpty();
                assertThat(ContractRules.check(attempt)).as(attempt.toString()).isEmpty();
            } else {
                assertThat(ContractSchema.TELEMETRY.validate(JSON.valueToTree(event)))
                        .as(event.toString())
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Disruption.Type.class)
    void eachDisruptionFailsTheTerminalsInItsScopeOnlyWhileItLastsAndWritesItsTruth(Disruption.Type type) {
        String where = switch (type) {
            case PROVINCE_NETWORK_OUTAGE, MERCHANT_FREEZE_WAVE -> "province: '440000'";
            case CARRIER_OUTAGE -> "province: '440000', carrier: CMCC";
            case FIRMWARE_DEFECT, RETRY_STORM -> "firmware: PAX-7.3.9";
            case HARDWARE_WAVE -> "model: A920";
            case APP_DEFECT -> "app: '3.3.7'";
            default -> "host: H2";
        };
        Scenario scenario =
                scenario("disruptions: [{type: " + type.fileName() + ", " + where + ", at: PT1H, for: PT20M}]");
        Disruption disruption = scenario.disruptions().get(0);
        Instant start = MIDNIGHT.plus(Duration.ofHours(10));
        Behaviour behaviour = new Behaviour(FLEET, scenario, start, 0);
        Predicate<SignOnAttempt> affected = a -> disruption.affects(FLEET.byId(a.terminalId()));
        List<SignOnAttempt> before = signOns(events(behaviour, 30, 50));
        List<SignOnAttempt> during = signOns(events(behaviour, 65, 80));

        assertThat(failureRatio(before, affected)).as("before").isLessThan(0.08);
        assertThat(failureRatio(during, affected))
                .as("during, in scope")
                .isGreaterThan(type == Disruption.Type.SLOW_DEGRADATION ? 0.3 : 0.45);
        assertThat(failureRatio(during, affected.negate()))
                .as("during, out of scope")
                .isLessThan(0.08);
        assertThat(during)
                .as("every attempt of it keeps the contract's cross-field rules")
                .allSatisfy(
                        a -> assertThat(ContractRules.check(a)).as(a.toString()).isEmpty());
        Map<Fault, Long> faults = new HashMap<>();
        during.stream()
                .filter(affected)
                .filter(SignOnAttempt::failed)
                .forEach(a -> faults.merge(faultOf(a), 1L, Long::sum));
        assertThat(faults.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .orElseThrow()
                        .getKey())
                .as("dominant fault")
                .isIn(
                        disruption.fault() == Fault.HOST_MAINTENANCE
                                ? Set.of(Fault.HOST_CUTOVER, Fault.HOST_DOWN)
                                : Set.of(disruption.fault()));

        GroundTruth truth = GroundTruth.of(scenario, new SimClock(start, Instant.parse("2026-11-26T00:00:00Z"), 60));
        assertThat(truth.truths()).singleElement().satisfies(t -> {
            assertThat(t.onset()).isEqualTo(start.plus(Duration.ofHours(1)));
            assertThat(t.end()).isEqualTo(start.plus(Duration.ofMinutes(80)));
            assertThat(t.scope()).isEqualTo(disruption.scope()).isNotEmpty();
            assertThat(t.kind()).isEqualTo(disruption.expectedKind());
        });
    }

    @Test
    void aRetryStormMakesEveryTerminalOfItsFirmwareRetryEveryTenSecondsWithRisingAttemptNumbers() {
        Scenario scenario = scenario(
                "disruptions: [{id: loop, type: retry-storm, firmware: PAX-7.3.9, at: PT1H, for:" + " PT10M}]");
        Disruption storm = scenario.disruptions().get(0);
        assertThat(storm.expectedKind()).isEqualTo("LOOP_WAVE");
        assertThat(storm.pages()).isTrue();
        assertThat(storm.scope()).isEqualTo(Map.of("firmware", "PAX-7.3.9"));
        Instant start = MIDNIGHT.plus(Duration.ofHours(10));
        Behaviour behaviour = new Behaviour(FLEET, scenario, start, 0);
        List<SignOnAttempt> minute = signOns(behaviour.minute(63)).stream()
                .filter(a -> a.firmwareVersion().equals("PAX-7.3.9"))
                .toList();
        Map<String, List<SignOnAttempt>> byTerminal =
                minute.stream().collect(Collectors.groupingBy(SignOnAttempt::terminalId));
        assertThat(byTerminal.keySet().stream().filter(id -> storm.affects(FLEET.byId(id))))
                .as("a quarter of the firmware's terminals is caught")
                .hasSizeGreaterThan(50);
        assertThat(byTerminal.entrySet().stream()
                        .filter(e -> storm.affects(FLEET.byId(e.getKey())))
                        .map(Map.Entry::getValue))
                .as("six failed tries a minute each, ten seconds apart, counting on from the storm's start")
                .allSatisfy(tries -> {
                    List<SignOnAttempt> loop = tries.stream()
                            .filter(a -> a.attempt() > 3)
                            .sorted(Comparator.comparing(SignOnAttempt::occurredAt))
                            .toList();
                    assertThat(loop).hasSize(6).allMatch(SignOnAttempt::failed);
                    assertThat(Duration.between(
                                    loop.get(0).occurredAt(), loop.get(1).occurredAt()))
                            .isEqualTo(Disruption.RETRY_EVERY);
                    assertThat(loop.get(0).attempt())
                            .as("3 minutes into the storm")
                            .isEqualTo(19);
                });
        assertThat(signOns(behaviour.minute(75)))
                .as("after the storm, nobody loops")
                .noneMatch(a -> a.attempt() > 3);
    }

    @Test
    void countsTheTerminalsADisruptionMadeFailAndThoseStillFailingAtItsEnd() {
        // every attempt in scope fails of it: affected are exactly the terminals in scope with an attempt inside it
        Scenario scenario = scenario(
                "disruptions: [{id: h2-down, type: host-outage, host: H2, at: PT1H, for: PT20M, failureRatio: 1.0}]");
        Disruption outage = scenario.disruptions().get(0);
        Instant start = MIDNIGHT.plus(Duration.ofHours(10));
        Behaviour behaviour = new Behaviour(FLEET, scenario, start, 0);
        List<SignOnAttempt> attempts = signOns(events(behaviour, 50, 90));
        Set<String> inside = attempts.stream()
                .filter(a ->
                        outage.activeAt(a.occurredAt(), start) && a.hostId().equals("H2"))
                .map(SignOnAttempt::terminalId)
                .collect(Collectors.toSet());

        AffectedTerminals.Count count = behaviour.affected().of("h2-down");
        assertThat(count.affected()).isEqualTo(inside.size()).isGreaterThan(1000);
        assertThat(count.stillFailing()).isEqualTo(count.affected());

        behaviour.minute(70);
        assertThat(behaviour.affected().of("h2-down"))
                .as("a minute generated again changes nothing")
                .isEqualTo(count);
    }

    @Test
    void countsOnlyFailuresOfTheDisruptionNotTheBackgroundOnes() {
        Scenario scenario = scenario(
                "disruptions: [{id: h4-90, type: unannounced-maintenance, host: H4, at: PT1H, for: PT20M, failureRatio: 0.5}]");
        Disruption maintenance = scenario.disruptions().get(0);
        Instant start = MIDNIGHT.plus(Duration.ofHours(10));
        Behaviour behaviour = new Behaviour(FLEET, scenario, start, 0);
        List<SignOnAttempt> inside = signOns(events(behaviour, 50, 90)).stream()
                .filter(a -> maintenance.activeAt(a.occurredAt(), start)
                        && a.hostId().equals("H4"))
                .toList();
        // its failures answer 90; the background's rarely do, and fail otherwise
        Set<String> with90 = inside.stream()
                .filter(a -> "90".equals(a.responseCode()))
                .map(SignOnAttempt::terminalId)
                .collect(Collectors.toSet());
        Set<String> failedAtAll = inside.stream()
                .filter(SignOnAttempt::failed)
                .map(SignOnAttempt::terminalId)
                .collect(Collectors.toSet());
        Map<String, SignOnAttempt> last = inside.stream()
                .collect(Collectors.toMap(
                        SignOnAttempt::terminalId,
                        a -> a,
                        (a, b) -> b.occurredAt().isBefore(a.occurredAt()) ? a : b));
        long lastAnswered90 = with90.stream()
                .filter(t -> "90".equals(last.get(t).responseCode()))
                .count();

        AffectedTerminals.Count count = behaviour.affected().of("h4-90");
        assertThat(count.affected())
                .isLessThanOrEqualTo(with90.size())
                .isGreaterThan(with90.size() * 97 / 100)
                .isLessThan(failedAtAll.size());
        assertThat(count.stillFailing())
                .isLessThanOrEqualTo((int) lastAnswered90)
                .isGreaterThan((int) (lastAnswered90 * 97 / 100))
                .isLessThan(count.affected());
    }

    @Test
    void theGroundTruthCarriesTheCountsAndTheFleetItWasPlayedOn(@TempDir Path dir) {
        Scenario scenario = scenario("disruptions: [{id: h2-down, type: host-outage, host: H2, at: PT1H, for: PT20M}]");
        Instant start = MIDNIGHT.plus(Duration.ofHours(10));
        Behaviour behaviour = new Behaviour(FLEET, scenario, start, 0);
        events(behaviour, 55, 85);
        GroundTruth truth = GroundTruth.of(scenario, new SimClock(start, Instant.parse("2026-11-26T00:00:00Z"), 60))
                .withAffected(behaviour.affected());

        assertThat(truth.truths().get(0).affectedTerminals())
                .isEqualTo(behaviour.affected().of("h2-down").affected())
                .isPositive();
        assertThat(truth.truths().get(0).stillFailingTerminals())
                .isEqualTo(behaviour.affected().of("h2-down").stillFailing());
        truth.write(dir.resolve("truth.json"));
        assertThat(GroundTruth.read(dir.resolve("truth.json"))).isEqualTo(truth);
        assertThat(dir.resolve("truth.json"))
                .content()
                .contains("\"affectedTerminals\"", "\"chronicShare\"")
                .doesNotContain("\"fleet\"");
        assertThat(truth.fleet().terminals())
                .isEqualTo(Fleet.generate(20_000, 7, 0.002, 0.002).terminals());
    }

    @Test
    void anUnannouncedMaintenanceAnsweringNinetyAndNinetySixFailsWithBothAndIsExpectedAsMaintenance() {
        Scenario scenario = scenario(
                "disruptions: [{type: unannounced-maintenance, host: H1, answers: ['90', '96'], at: PT1H, for: PT20M}]");
        Disruption maintenance = scenario.disruptions().get(0);
        Behaviour behaviour = new Behaviour(FLEET, scenario, MIDNIGHT.plus(Duration.ofHours(10)), 0);
        Map<String, Long> codes = signOns(events(behaviour, 65, 75)).stream()
                .filter(a -> a.hostId().equals("H1"))
                .filter(SignOnAttempt::failed)
                .collect(Collectors.groupingBy(a -> Objects.toString(a.responseCode()), Collectors.counting()));
        assertThat(codes.get("90")).isGreaterThan(300);
        assertThat(codes.get("96").doubleValue() / codes.get("90")).isBetween(0.8, 1.25);
        assertThat(maintenance.fault()).isEqualTo(Fault.HOST_MAINTENANCE);
        assertThat(maintenance.expectedKind()).isEqualTo("HOST_MAINTENANCE");
        assertThat(maintenance.declaresWindow()).isFalse();
    }

    @Test
    void aSlowDegradationGetsWorse() {
        Scenario scenario = scenario("disruptions: [{type: slow-degradation, host: H1, at: PT1H, for: PT40M}]");
        Behaviour behaviour = new Behaviour(FLEET, scenario, MIDNIGHT.plus(Duration.ofHours(10)), 0);
        Predicate<SignOnAttempt> onH1 = a -> a.hostId().equals("H1");
        assertThat(failureRatio(signOns(events(behaviour, 60, 66)), onH1))
                .isLessThan(failureRatio(signOns(events(behaviour, 80, 86)), onH1) / 2);
    }

    @Test
    void theSameSeedStartAndSaltReplayTheSameEvents() {
        Scenario scenario = scenario("disruptions: [{type: host-outage, host: H1, at: PT1H, for: PT20M}]");
        Instant start = MIDNIGHT.plus(Duration.ofHours(9));
        List<TerminalEvent> first = events(new Behaviour(FLEET, scenario, start, 0), 58, 64);
        assertThat(events(new Behaviour(Fleet.generate(20_000, 7, 0.003, 0.002), scenario, start, 0), 58, 64))
                .isEqualTo(first);
        List<TerminalEvent> salted = events(new Behaviour(FLEET, scenario, start, 99), 58, 64);
        assertThat(salted).hasSameSizeAs(first);
        assertThat(salted.get(0).eventId()).isNotEqualTo(first.get(0).eventId());
        assertThat(signOns(salted).stream().map(SignOnAttempt::outcome).toList())
                .isEqualTo(signOns(first).stream().map(SignOnAttempt::outcome).toList());
        Scenario otherSeed =
                Scenario.parse("seed: 8\nfleet: {terminals: 20000, signOnsPerHour: 2, telemetryMinutes: 10}\n"
                        + "disruptions: [{type: host-outage, host: H1, at: PT1H, for: PT20M}]");
        assertThat(events(new Behaviour(FLEET, otherSeed, start, 0), 58, 64)).isNotEqualTo(first);
    }

    private static Fault faultOf(SignOnAttempt a) {
        if (a.transportError() != null) {
            return switch (a.transportError()) {
                case CONNECT_REFUSED -> Fault.HOST_DOWN;
                default -> Fault.NETWORK;
            };
        }
        if (a.localError() != null) {
            return switch (a.localError()) {
                case KEY_MISSING -> Fault.KEY_MAC;
                case PARAM_CORRUPT, APP_CRASH -> Fault.SOFTWARE;
                case OPERATOR_CREDENTIALS -> Fault.OPERATOR;
                case MERCHANT_NAME_MISMATCH -> Fault.MERCHANT_NAME;
                case OTHER -> Fault.UNKNOWN;
                default -> Fault.HARDWARE;
            };
        }
        return Stream.of(Fault.values())
                .filter(f -> f != Fault.HOST_MAINTENANCE)
                .filter(f -> switch (a.responseCode()) {
                    case "91", "96", "06", "C1" -> f == Fault.HOST_DOWN;
                    case "90" -> f == Fault.HOST_CUTOVER;
                    case "92" -> f == Fault.HOST_ROUTING;
                    case "A0", "63", "D1" -> f == Fault.KEY_MAC;
                    case "97", "58" -> f == Fault.NOT_REGISTERED;
                    case "03" -> f == Fault.MERCHANT_ACCOUNT;
                    case "22", "77" -> f == Fault.TERMINAL_STATE;
                    default -> f == Fault.SOFTWARE;
                })
                .findFirst()
                .orElseThrow();
    }
}
