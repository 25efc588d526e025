package dev.posmon.simulator.score;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.fleet.Terminal;
import dev.posmon.simulator.score.Coverage.Fit;
import dev.posmon.simulator.score.Coverage.ScopeFit;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final Fleet FLEET = Fleet.generate(5_000, 11, 0.002, 0.002);
    private final Coverage coverage = new Coverage(FLEET);

    private static long count(Predicate<Terminal> which) {
        return FLEET.terminals().stream().filter(which).count();
    }

    @Test
    void theSameScopeIsExact() {
        ScopeFit fit = coverage.fit(Map.of("host", "H2"), Map.of("host", "H2"));
        assertThat(fit.fit()).isEqualTo(Fit.EXACT);
        assertThat(fit.truthTerminals())
                .isEqualTo(count(t -> t.host().equals("H2")))
                .isPositive();
    }

    @Test
    void aFirmwareNamedWithTheOnlyModelThatRunsItCoversTheSameTerminalsAndIsExact() {
        ScopeFit fit = coverage.fit(Map.of("model", "A920", "firmware", "PAX-7.3.9"), Map.of("firmware", "PAX-7.3.9"));
        assertThat(fit.fit()).isEqualTo(Fit.EXACT);
        assertThat(fit.incidentTerminals())
                .isEqualTo(fit.truthTerminals())
                .isEqualTo(count(t -> t.firmware().equals("PAX-7.3.9")))
                .isPositive();
        assertThat(fit.reason()).isEqualTo(String.format("the same %,d terminals", fit.truthTerminals()));
        assertThat(coverage.fit(Map.of("model", "S90"), Map.of("firmware", "PAXS-4.2"))
                        .fit())
                .isEqualTo(Fit.EXACT);
    }

    @Test
    void scopesOfDifferentDimensionsAreExactWhenTheFleetGivesThemTheSameTerminals() {
        Terminal only = Fleet.generate(1, 3, 0, 0).get(0);
        Coverage one = new Coverage(Fleet.generate(1, 3, 0, 0));
        assertThat(one.fit(Map.of("host", only.host()), Map.of("province", only.province()))
                        .fit())
                .isEqualTo(Fit.EXACT);
    }

    @Test
    void aModelIsWiderThanOneOfItsFirmwares() {
        ScopeFit fit = coverage.fit(Map.of("model", "A920"), Map.of("firmware", "PAX-7.3.9"));
        assertThat(fit.fit()).isEqualTo(Fit.WIDER);
        assertThat(fit.incidentTerminals())
                .isEqualTo(count(t -> t.record().model().equals("A920")));
        assertThat(fit.common()).isEqualTo(fit.truthTerminals());
        assertThat(fit.reason())
                .isEqualTo(String.format(
                        "the truth's %,d terminals and %,d more",
                        fit.truthTerminals(), fit.incidentTerminals() - fit.truthTerminals()));
    }

    /** An app version is a dimension like the others: its terminals, and a model's among them narrower. */
    @Test
    void anAppVersionCoversItsTerminalsAndAModelsShareOfThemIsNarrower() {
        ScopeFit exact = coverage.fit(Map.of("app", "3.3.7"), Map.of("app", "3.3.7"));
        assertThat(exact.fit()).isEqualTo(Fit.EXACT);
        assertThat(exact.truthTerminals())
                .isEqualTo(count(t -> t.app().equals("3.3.7")))
                .isPositive();
        ScopeFit narrower = coverage.fit(Map.of("model", "A920", "app", "3.3.7"), Map.of("app", "3.3.7"));
        assertThat(narrower.fit()).isEqualTo(Fit.NARROWER);
        assertThat(narrower.incidentTerminals())
                .isEqualTo(
                        count(t -> t.app().equals("3.3.7") && t.record().model().equals("A920")))
                .isPositive();
    }

    @Test
    void aCarrierOutageNamedAsItsProvinceIsWiderAndTheReverseNarrower() {
        Map<String, String> province = Map.of("province", "440000");
        Map<String, String> carrier = Map.of("province", "440000", "carrier", "CMCC");
        assertThat(coverage.fit(province, carrier).fit()).isEqualTo(Fit.WIDER);
        ScopeFit narrower = coverage.fit(carrier, province);
        assertThat(narrower.fit()).isEqualTo(Fit.NARROWER);
        assertThat(narrower.incidentTerminals())
                .isEqualTo(count(t -> t.province().equals("440000") && "CMCC".equals(t.carrier())));
        assertThat(narrower.reason())
                .isEqualTo(String.format(
                        "%,d of the truth's %,d terminals", narrower.incidentTerminals(), narrower.truthTerminals()));
    }

    @Test
    void overlappingOrDisjointScopesMiss() {
        ScopeFit overlapping = coverage.fit(Map.of("province", "440000"), Map.of("host", "H2"));
        assertThat(overlapping.fit()).isEqualTo(Fit.MISSED);
        assertThat(overlapping.common())
                .isEqualTo(count(t -> t.province().equals("440000") && t.host().equals("H2")))
                .isPositive();
        ScopeFit disjoint = coverage.fit(Map.of("host", "H1"), Map.of("host", "H2"));
        assertThat(disjoint.fit()).isEqualTo(Fit.MISSED);
        assertThat(disjoint.reason()).startsWith("no terminal in common");
    }

    @Test
    void aScopeCoveringNoTerminalMissesEvenInsideTheTruth() {
        assertThat(coverage.fit(Map.of("host", "H2", "firmware", "UNKNOWN"), Map.of("host", "H2"))
                        .fit())
                .isEqualTo(Fit.MISSED);
        assertThat(coverage.fit(Map.of("region", "440305"), Map.of("province", "440000"))
                        .fit())
                .isEqualTo(Fit.MISSED);
    }

    @Test
    void aTerminalWithoutACarrierIsInItsBearersCellAsInTheCube() {
        assertThat(coverage.terminals(Map.of("carrier", "WIFI")).cardinality())
                .isEqualTo(count(
                        t -> t.carrier() == null && t.networkType().wireName().equals("WIFI")))
                .isPositive();
        assertThat(coverage.terminals(Map.of("carrier", "ETHERNET")).cardinality())
                .isPositive();
    }
}
