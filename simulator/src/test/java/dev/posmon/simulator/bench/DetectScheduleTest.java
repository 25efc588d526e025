package dev.posmon.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.simulator.bench.DetectSchedule.Injection;
import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.scenario.Disruption;
import dev.posmon.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DetectScheduleTest {

    private static final Instant SIM_START = Instant.parse("2026-11-26T06:14:00Z");
    private static final Instant LIVE = Instant.parse("2026-11-26T06:54:07.090Z");
    private static final DetectSchedule.Settings SETTINGS =
            new DetectSchedule.Settings(3, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(4));

    private static DetectSchedule plan() {
        return DetectSchedule.plan(SIM_START, Duration.ofMinutes(40), LIVE, SETTINGS);
    }

    @Test
    void roundsOfEachKindAtKnownWallClockInstantsInTheLivePhase() {
        List<Injection> injections = plan().injections();
        assertThat(injections).hasSize(9);
        assertThat(injections)
                .extracting(Injection::kind)
                .containsExactly(
                        "HOST_OUTAGE",
                        "NETWORK_OUTAGE",
                        "KEY_SYNC",
                        "HOST_OUTAGE",
                        "NETWORK_OUTAGE",
                        "KEY_SYNC",
                        "HOST_OUTAGE",
                        "NETWORK_OUTAGE",
                        "KEY_SYNC");
        assertThat(injections.get(0).onset())
                .isEqualTo(Instant.parse("2026-11-26T06:57:17Z")); // 06:57:07 + lead, at :17
        for (int k = 0; k < injections.size(); k++) {
            Injection i = injections.get(k);
            assertThat(i.end()).isEqualTo(i.onset().plus(Duration.ofMinutes(2)));
            Instant nominal =
                    LIVE.plus(Duration.ofMinutes(3)).plus(Duration.ofMinutes(6).multipliedBy(k));
            assertThat(i.onset()).isAfterOrEqualTo(nominal).isBefore(nominal.plusSeconds(60));
            if (k > 0) {
                // recovery before the next: at least the gap less the second shifted within the minute
                assertThat(Duration.between(injections.get(k - 1).end(), i.onset()))
                        .isGreaterThan(Duration.ofMinutes(3));
            }
        }
    }

    @Test
    void onsetsFallAtVariedSecondsOfTheirMinute() {
        Set<Integer> seconds = new HashSet<>();
        plan().injections()
                .forEach(i -> seconds.add(i.onset().atZone(ZoneOffset.UTC).getSecond()));
        assertThat(seconds).hasSize(9);
        assertThat(seconds).contains(17, 54, 31, 8, 45, 22, 59, 36, 13);
    }

    @Test
    void scopesRotateSoNoneRecursWithinTheReopenCoolDownAndKeySyncAvoidsARecentOutagesHost() {
        List<Injection> injections = DetectSchedule.plan(
                        SIM_START,
                        Duration.ofMinutes(40),
                        LIVE,
                        new DetectSchedule.Settings(
                                4, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(4)))
                .injections();
        for (int a = 0; a < injections.size(); a++) {
            for (int b = a + 1; b < injections.size(); b++) {
                Injection x = injections.get(a);
                Injection y = injections.get(b);
                if (x.kind().equals(y.kind()) && x.scope().equals(y.scope())) {
                    assertThat(Duration.between(x.end(), y.onset()))
                            .as(x.id() + " and " + y.id())
                            .isGreaterThan(Duration.ofMinutes(30));
                }
                if (x.scope().equals(y.scope()) && !x.kind().equals(y.kind())) {
                    assertThat(b - a).as(x.id() + " and " + y.id()).isGreaterThanOrEqualTo(4);
                }
            }
        }
        assertThat(injections.get(0).scope()).isEqualTo(Map.of("host", "H2"));
        assertThat(injections.get(1).scope()).isEqualTo(Map.of("province", "440000"));
        assertThat(injections.get(2).scope()).isEqualTo(Map.of("host", "H4"));
    }

    @Test
    void theScenarioIsRealTimeWithTheInjectionsAsDisruptionsAndAQuietTail() {
        DetectSchedule schedule = plan();
        Scenario scenario = schedule.scenario(4000, 6, 80, 7);
        assertThat(scenario.clock().isRealTime()).isTrue();
        assertThat(scenario.clock().warmUp()).isEqualTo(Duration.ofMinutes(40));
        assertThat(scenario.fleet().signOnsPerHour()).isEqualTo(6.0);
        assertThat(scenario.disruptions()).hasSize(9);
        Disruption first = scenario.disruptions().get(0);
        assertThat(first.type()).isEqualTo(Disruption.Type.HOST_OUTAGE);
        assertThat(first.onset(SIM_START))
                .isEqualTo(schedule.injections().get(0).onset());
        assertThat(first.end(SIM_START)).isEqualTo(schedule.injections().get(0).end());
        assertThat(SIM_START.plus(scenario.clock().duration()))
                .isAfterOrEqualTo(schedule.lastEnd().plus(Scenario.TAIL));
        assertThat(scenario.clock().duration().toSeconds() % 60).isZero();
    }

    @Test
    void inAFleetOf4000EveryScopeHoldsAtLeast200Terminals() {
        Fleet fleet = Fleet.generate(4000, 20261126, 0.002, 0.002);
        for (Disruption d : plan().scenario(4000, 6, 80, 20261126).disruptions()) {
            assertThat(fleet.terminals().stream().filter(d::affects).count())
                    .as(d.id())
                    .isGreaterThanOrEqualTo(DetectBench.TARGET_TERMINALS);
        }
    }
}
