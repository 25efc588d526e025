package dev.posmon.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.simulator.bench.DetectSchedule.Injection;
import dev.posmon.simulator.bench.Detections.Figures;
import dev.posmon.simulator.bench.Detections.Result;
import dev.posmon.simulator.bench.Detections.Row;
import dev.posmon.simulator.bench.Detections.Sighting;
import dev.posmon.simulator.bench.Detections.Source;
import dev.posmon.simulator.scenario.Disruption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DetectionsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T07:00:17Z");
    private static final Injection HOST = new Injection(
            1,
            "1-host-outage-H2",
            Disruption.Type.HOST_OUTAGE,
            "HOST_OUTAGE",
            Map.of("host", "H2"),
            T0,
            T0.plus(Duration.ofMinutes(2)));
    private static final Injection NET = new Injection(
            2,
            "2-province-network-outage-440000",
            Disruption.Type.PROVINCE_NETWORK_OUTAGE,
            "NETWORK_OUTAGE",
            Map.of("province", "440000"),
            T0.plus(Duration.ofMinutes(6)),
            T0.plus(Duration.ofMinutes(8)));

    private static Detections detections() {
        return new Detections(
                List.of(HOST, NET), Map.of(HOST.id(), 1000, NET.id(), 560), Duration.ofMinutes(5), Set.of("old"));
    }

    private static Sighting api(String id, String kind, Map<String, String> scope, Instant at) {
        return new Sighting(Source.API, id, kind, scope, at, T0, at.minusSeconds(1));
    }

    private static Sighting am(String id, String kind, Map<String, String> scope, Instant at) {
        return new Sighting(Source.ALERTMANAGER, id, kind, scope, at, null, null);
    }

    @Test
    void anInjectionIsDetectedAtTheFirstSightingOfItsKindAndExactScope() {
        Detections d = detections();
        assertThat(d.observe(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(31))))
                .isTrue();
        assertThat(d.observe(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(32))))
                .isFalse(); // seen so already
        d.observe(am("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(34)));
        assertThat(d.matching(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(31))))
                .isEqualTo(HOST);
        Row row = d.result(true).rows().get(0);
        assertThat(row.apiSeconds()).isEqualTo(31.0);
        assertThat(row.alertmanagerSeconds()).isEqualTo(34.0);
        assertThat(row.incidentIds()).containsExactly("i1");
        assertThat(row.terminalsInScope()).isEqualTo(1000);
        assertThat(row.firstSeenAs()).isEqualTo("HOST_OUTAGE {host=H2}");
        assertThat(d.allDetected(true)).isFalse(); // the network outage is not seen yet
    }

    @Test
    void anIncidentThatChangesInPlaceCountsFromWhenItShowsTheRightKindAndScope() {
        Detections d = detections();
        d.observe(api(
                "i1", "HOST_OUTAGE", Map.of("host", "H2", "province", "440000"), T0.plusSeconds(25))); // narrower first
        d.observe(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(95)));
        Result result = d.result(false);
        assertThat(result.rows().get(0).apiSeconds()).isEqualTo(95.0);
        assertThat(result.rows().get(0).firstSeenAs()).isEqualTo("HOST_OUTAGE {host=H2, province=440000}");
        assertThat(result.falseIncidents()).isEmpty(); // it is the injection's incident
    }

    @Test
    void wrongKindWrongScopeBeforeTheOnsetOrTooLateIsNoDetection() {
        Detections d = detections();
        d.observe(api("a", "HOST_MAINTENANCE", Map.of("host", "H2"), T0.plusSeconds(30)));
        d.observe(api("b", "HOST_OUTAGE", Map.of("host", "H3"), T0.plusSeconds(30)));
        d.observe(api("c", "HOST_OUTAGE", Map.of("host", "H2"), T0.minusSeconds(5)));
        d.observe(api(
                "e", "NETWORK_OUTAGE", Map.of("province", "440000"), NET.end().plus(Duration.ofMinutes(6))));
        d.observe(api("old", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(20))); // existed before the run
        Result result = d.result(false);
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.apiSeconds()).isNull());
        assertThat(result.falseIncidents()).extracting(Sighting::incidentId).containsExactly("c", "a", "b", "e");
        Figures overall = result.figures().get(result.figures().size() - 1);
        assertThat(overall.kind()).isEqualTo("overall");
        assertThat(overall.apiMisses()).isEqualTo(2);
        assertThat(overall.apiP50()).isNull();
    }

    @Test
    void aSecondIncidentForOneInjectionIsADuplicate() {
        Detections d = detections();
        d.observe(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(30)));
        d.observe(api("i2", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(150)));
        Result result = d.result(false);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(result.rows().get(0).incidentIds()).containsExactly("i1", "i2");
        assertThat(result.rows().get(0).apiSeconds()).isEqualTo(30.0);
        assertThat(result.falseIncidents()).isEmpty();
    }

    @Test
    void figuresPerKindAndOverall() {
        Detections d = detections();
        d.observe(api("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(20)));
        d.observe(am("i1", "HOST_OUTAGE", Map.of("host", "H2"), T0.plusSeconds(22)));
        d.observe(api(
                "i2",
                "NETWORK_OUTAGE",
                Map.of("province", "440000"),
                NET.onset().plusSeconds(40)));
        Result result = d.result(true);
        assertThat(result.figures())
                .extracting(Figures::kind)
                .containsExactly("HOST_OUTAGE", "NETWORK_OUTAGE", "overall");
        Figures host = result.figures().get(0);
        assertThat(host.apiP50()).isEqualTo(20.0);
        assertThat(host.alertmanagerP95()).isEqualTo(22.0);
        Figures net = result.figures().get(1);
        assertThat(net.alertmanagerMisses()).isEqualTo(1);
        Figures overall = result.figures().get(2);
        assertThat(overall.n()).isEqualTo(2);
        assertThat(overall.apiP50()).isEqualTo(20.0);
        assertThat(overall.apiP95()).isEqualTo(40.0);
        String table = Detections.table(result, "header");
        assertThat(table).contains("HOST_OUTAGE", "overall", "20.0 / 40.0", "false incidents: 0");
    }

    @Test
    void nearestRankPercentiles() {
        assertThat(Detections.percentile(List.of(), 0.5)).isNull();
        assertThat(Detections.percentile(List.of(7.0), 0.95)).isEqualTo(7.0);
        List<Double> twenty =
                IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
        assertThat(Detections.percentile(twenty, 0.50)).isEqualTo(10.0);
        assertThat(Detections.percentile(twenty, 0.95)).isEqualTo(19.0);
        assertThat(Detections.percentile(List.of(30.0, 10.0, 20.0), 0.95)).isEqualTo(30.0);
        assertThat(Detections.percentile(List.of(30.0, 10.0, 20.0), 0.50)).isEqualTo(20.0);
    }
}
