package dev.posmon.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.simulator.behaviour.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    /** Every scenario the project ships reads and validates (a disruption too close to the end is refused). */
    @Test
    void everyShippedScenarioLoads() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")).toList())
                    .hasSizeGreaterThanOrEqualTo(6)
                    .allSatisfy(f -> assertThat(Scenario.load(f).disruptions()).isNotEmpty());
        }
    }

    @Test
    void readsAFileWithDefaults() {
        Scenario scenario = Scenario.parse("""
                name: t
                disruptions:
                  - {type: host-outage, host: H2, at: PT1H, for: PT10M}
                  - {type: carrier-outage, province: "440000", carrier: CMCC, at: PT2H, for: PT10M, failureRatio: 0.5}
                """);
        assertThat(scenario.fleet().terminals()).isEqualTo(100_000);
        assertThat(scenario.fleet().telemetryMinutes()).isEqualTo(5);
        assertThat(scenario.clock().startLocal()).isEqualTo(LocalTime.of(6, 0));
        assertThat(scenario.clock().duration()).isEqualTo(Duration.ofHours(16));
        assertThat(scenario.disruptions())
                .extracting(Disruption::id)
                .containsExactly("host-outage-1", "carrier-outage-2");
        assertThat(scenario.disruptions().get(0).failureRatio()).isEqualTo(0.9);
        assertThat(scenario.disruptions().get(1).scope()).isEqualTo(Map.of("province", "440000", "carrier", "CMCC"));
        assertThat(scenario.disruptions().get(1).expectedKind()).isEqualTo("NETWORK_OUTAGE");
    }

    @Test
    void refusesDisruptionsInTheWarmUpOrWithoutTheirScopeAndUnknownFields() {
        assertThatThrownBy(() -> Scenario.parse("disruptions: [{type: host-outage, host: H1, at: PT5M, for: PT10M}]"))
                .hasMessageContaining("after the warm-up");
        assertThatThrownBy(() -> Scenario.parse("disruptions: [{type: host-outage, at: PT1H, for: PT10M}]"))
                .hasMessageContaining("host is required");
        assertThatThrownBy(() -> Scenario.parse(
                        "clock: {duration: PT2H}\ndisruptions: [{type: host-outage, host: H1, at: PT1H, for: PT55M}]"))
                .hasMessageContaining("before the end");
        assertThatThrownBy(() -> Scenario.parse("fleet: {size: 3}")).hasMessageContaining("size");
        assertThatThrownBy(() -> Scenario.parse("clock: {duration: PT23H}")).hasMessageContaining("at most PT22H");
        assertThatThrownBy(() -> Scenario.parse(
                        "disruptions: [{type: host-outage, host: H1, answers: ['90'], at: PT1H, for: PT10M}]"))
                .hasMessageContaining("answers is for a host's maintenance only");
        assertThatThrownBy(() -> Scenario.parse(
                        "disruptions: [{type: cutover, host: H1, answers: ['96'], at: PT1H, for: PT10M}]"))
                .hasMessageContaining("answers must be");
        assertThatThrownBy(() ->
                        Scenario.parse("disruptions: [{id: twice, type: host-outage, host: H1, at: PT1H, for: PT10M},"
                                + " {id: twice, type: host-outage, host: H2, at: PT2H, for: PT10M}]"))
                .hasMessageContaining("two disruptions are named twice");
    }

    @Test
    void aHardwareWaveHitsOneModelAndIsNotPaged() {
        Scenario scenario = Scenario.parse("""
                disruptions:
                  - {type: hardware-wave, model: A920, at: PT1H, for: PT20M}
                """);
        Disruption wave = scenario.disruptions().get(0);
        assertThat(wave.scope()).isEqualTo(Map.of("model", "A920"));
        assertThat(wave.expectedKind()).isEqualTo("HARDWARE_WAVE");
        assertThat(wave.pages()).isFalse();
        assertThat(wave.fault()).isEqualTo(Fault.HARDWARE);
        assertThat(wave.failureRatio()).isEqualTo(0.5);
        assertThatThrownBy(() -> Scenario.parse("disruptions: [{type: hardware-wave, at: PT1H, for: PT10M}]"))
                .hasMessageContaining("model is required");
    }

    @Test
    void aCarriersAnnouncedWorksArePlannedAndAnUnannouncedOutageIsNot() {
        Scenario scenario = Scenario.parse("""
                disruptions:
                  - {id: works, type: carrier-outage, province: "440000", carrier: CMCC, declared: true, at: PT1H, for: PT12M}
                  - {id: outage, type: carrier-outage, province: "440000", carrier: CMCC, at: PT2H, for: PT12M}
                """);
        Disruption works = scenario.disruptions().get(0);
        assertThat(works.declaresWindow()).isTrue();
        assertThat(works.expectedKind()).isEqualTo("PLANNED_MAINTENANCE");
        assertThat(works.pages()).isFalse();
        assertThat(works.scope()).isEqualTo(Map.of("province", "440000", "carrier", "CMCC"));
        Disruption outage = scenario.disruptions().get(1);
        assertThat(outage.declaresWindow()).isFalse();
        assertThat(outage.expectedKind()).isEqualTo("NETWORK_OUTAGE");
        assertThat(outage.pages()).isTrue();
        assertThatThrownBy(() -> Scenario.parse(
                        "disruptions: [{type: host-outage, host: H1, declared: true, at: PT1H, for: PT10M}]"))
                .hasMessageContaining("declared is for a cutover, a planned maintenance or a carrier's outage");
    }

    @Test
    void everyShippedScenarioFileLoads() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")).map(Scenario::load))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.disruptions()).isNotEmpty());
        }
    }

    @Test
    void plannedMaintenanceAndADeclaredCutOverAreDeclaredAndDoNotPage() {
        Scenario scenario = Scenario.parse("""
                disruptions:
                  - {type: planned-maintenance, host: H3, at: PT1H, for: PT20M}
                  - {type: cutover, host: H1, at: PT2H, for: PT15M, declared: true}
                  - {type: cutover, host: H2, at: PT3H, for: PT15M}
                """);
        assertThat(scenario.disruptions())
                .extracting(Disruption::declaresWindow)
                .containsExactly(true, true, false);
        assertThat(scenario.disruptions())
                .extracting(Disruption::expectedKind)
                .containsExactly("PLANNED_MAINTENANCE", "PLANNED_MAINTENANCE", "HOST_MAINTENANCE");
        assertThat(scenario.disruptions()).extracting(Disruption::pages).containsExactly(false, false, true);
    }
}
