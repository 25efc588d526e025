package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.detect.Detector;
import dev.posmon.alerting.detect.DetectorSettings;
import dev.posmon.alerting.incident.Correlator;
import dev.posmon.alerting.incident.CorrelatorSettings;
import dev.posmon.alerting.incident.Finding;
import dev.posmon.alerting.incident.IncidentKind;
import dev.posmon.alerting.localize.Localizer;
import dev.posmon.alerting.localize.LocalizerSettings;
import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WindowAnalysisTest {

    static final Instant T0 = Instant.parse("2026-11-26T02:00:00Z");
    static final String[] PROVINCES = {"110000", "310000", "440000", "510000", "330000"};
    static final String[] HOSTS = {"H1", "H2", "H3"};
    static final String[] CARRIERS = {"CMCC", "CUCC", "CTCC"};

    private final WindowAnalysis analysis = new WindowAnalysis(
            new Detector(DetectorSettings.DEFAULTS, ZoneId.of("Asia/Shanghai")),
            new Localizer(LocalizerSettings.DEFAULTS));

    /** One window of a fleet: cells per province, host and carrier; failures at 2 %, or as the outage says. */
    static List<CubeCell> window(int minute, Random random, String outageHost, double outageRatio, Cause outageCause) {
        Instant start = T0.plus(Duration.ofMinutes(minute));
        List<CubeCell> cells = new ArrayList<>();
        for (String province : PROVINCES) {
            for (String host : HOSTS) {
                for (String carrier : CARRIERS) {
                    long attempts = 20 + random.nextInt(30);
                    boolean outage = host.equals(outageHost);
                    double ratio = outage ? outageRatio : 0.02;
                    long failures = 0;
                    for (int i = 0; i < attempts; i++) {
                        failures += random.nextDouble() < ratio ? 1 : 0;
                    }
                    Map<Cause, Long> byCause =
                            failures == 0 ? Map.of() : Map.of(outage ? outageCause : Cause.NETWORK, failures);
                    cells.add(new CubeCell(
                            start,
                            start.plusSeconds(60),
                            province,
                            host,
                            carrier,
                            "P2000",
                            "FW-7.4",
                            attempts,
                            attempts - failures,
                            failures,
                            byCause,
                            failures,
                            failures == 0 ? Map.of() : Map.of(outage ? "96" : "CONNECT_TIMEOUT", failures)));
                }
            }
        }
        return cells;
    }

    /** The cell of another acquirer's terminals. */
    static CubeCell ofAcquirer(CubeCell cell, String acquirer) {
        return cell.withAcquirer(acquirer);
    }

    @Test
    void aFindingConcernsTheAcquirersWhoseTerminalsFailedInItsScopeAndNoOther() {
        Random random = new Random(7);
        // H1 serves ACQ-A; H2 ACQ-B; H3 ACQ-C in Beijing and Shanghai and unregistered terminals elsewhere
        UnaryOperator<List<CubeCell>> tenants = cells -> cells.stream()
                .map(cell -> ofAcquirer(
                        cell,
                        switch (cell.host()) {
                            case "H1" -> "ACQ-A";
                            case "H2" -> "ACQ-B";
                            default ->
                                cell.province().equals("110000")
                                                || cell.province().equals("310000")
                                        ? "ACQ-C"
                                        : CubeCell.UNKNOWN;
                        }))
                .toList();
        for (int m = 0; m < 30; m++) {
            analysis.analyze(
                    T0.plus(Duration.ofMinutes(m)),
                    T0.plus(Duration.ofMinutes(m + 1)),
                    tenants.apply(window(m, random, null, 0, Cause.UNKNOWN)));
        }
        WindowAnalysis.Result outage = analysis.analyze(
                T0.plus(Duration.ofMinutes(30)),
                T0.plus(Duration.ofMinutes(31)),
                tenants.apply(window(30, random, "H3", 0.9, Cause.HOST_UNAVAILABLE)));
        assertThat(outage.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.scope())
                    .as("the acquirer is no dimension of the location")
                    .isEqualTo(Map.of("host", "H3"));
            assertThat(finding.acquirers()).containsExactly("ACQ-C");
        });
    }

    @Test
    void aQuietFleetHasNoFindingAndAHostOutageIsLocalizedToTheHost() {
        Random random = new Random(5);
        for (int m = 0; m < 30; m++) {
            WindowAnalysis.Result quiet = analysis.analyze(
                    T0.plus(Duration.ofMinutes(m)),
                    T0.plus(Duration.ofMinutes(m + 1)),
                    window(m, random, null, 0, Cause.UNKNOWN));
            assertThat(quiet.findings()).as("minute %d", m).isEmpty();
        }
        WindowAnalysis.Result outage = analysis.analyze(
                T0.plus(Duration.ofMinutes(30)),
                T0.plus(Duration.ofMinutes(31)),
                window(30, random, "H3", 0.9, Cause.HOST_UNAVAILABLE));
        assertThat(outage.anomalies())
                .extracting(WindowAnalysis.Anomaly::series)
                .contains("host=H3", "fleet");
        assertThat(outage.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.scope()).isEqualTo(Map.of("host", "H3"));
            assertThat(finding.dominantCause()).isEqualTo(Cause.HOST_UNAVAILABLE);
            assertThat(finding.failures()).isGreaterThan(400);
            assertThat(finding.affectedTerminals()).isEqualTo(finding.failures());
            assertThat(finding.evidence()).containsOnlyKeys("96");
        });
        Finding finding = outage.findings().get(0);
        Correlator correlator = new Correlator(
                CorrelatorSettings.DEFAULTS, new MaintenanceCalendar(), Clock.fixed(T0, ZoneOffset.UTC), () -> "inc-1");
        assertThat(correlator
                        .window(finding.windowStart(), finding.windowEnd(), outage.findings())
                        .get(0)
                        .incident()
                        .kind())
                .isEqualTo(IncidentKind.HOST_OUTAGE);
    }

    /** A window of a fleet running three app versions on two models; one version fails at {@code defectRatio}. */
    static List<CubeCell> appWindow(int minute, Random random, String defectiveApp, double defectRatio) {
        Instant start = T0.plus(Duration.ofMinutes(minute));
        List<CubeCell> cells = new ArrayList<>();
        for (String province : PROVINCES) {
            for (String carrier : CARRIERS) {
                for (String model : new String[] {"P2000", "A8"}) {
                    for (String app : new String[] {"3.4.1", "3.4.0", "3.3.7"}) {
                        long attempts = 10 + random.nextInt(20);
                        boolean defect = app.equals(defectiveApp);
                        double ratio = defect ? defectRatio : 0.02;
                        long failures = 0;
                        for (int i = 0; i < attempts; i++) {
                            failures += random.nextDouble() < ratio ? 1 : 0;
                        }
                        Cause cause = defect ? Cause.SOFTWARE : Cause.NETWORK;
                        cells.add(new CubeCell(
                                start,
                                start.plusSeconds(60),
                                province,
                                HOSTS[random.nextInt(HOSTS.length)],
                                carrier,
                                model,
                                model.equals("A8") ? "A8-3.1" : "FW-7.4",
                                app,
                                attempts,
                                attempts - failures,
                                failures,
                                failures == 0 ? Map.of() : Map.of(cause, failures),
                                failures,
                                failures == 0 ? Map.of() : Map.of(defect ? "APP_CRASH" : "CONNECT_TIMEOUT", failures),
                                null,
                                null,
                                null,
                                "ACQ-A"));
                    }
                }
            }
        }
        return cells;
    }

    /** An app release that crashes on every model and firmware is located by its version: a software defect. */
    @Test
    void aDefectOfOneAppVersionIsLocalizedToThatVersion() {
        Random random = new Random(13);
        for (int m = 0; m < 30; m++) {
            WindowAnalysis.Result quiet = analysis.analyze(
                    T0.plus(Duration.ofMinutes(m)), T0.plus(Duration.ofMinutes(m + 1)), appWindow(m, random, null, 0));
            assertThat(quiet.findings()).as("minute %d", m).isEmpty();
        }
        WindowAnalysis.Result defect = analysis.analyze(
                T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(31)), appWindow(30, random, "3.4.1", 0.6));
        assertThat(defect.anomalies())
                .extracting(WindowAnalysis.Anomaly::series)
                .contains("app=3.4.1");
        assertThat(defect.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.scope()).isEqualTo(Map.of("app", "3.4.1"));
            assertThat(finding.dominantCause()).isEqualTo(Cause.SOFTWARE);
            assertThat(Correlator.kindOf(finding, new MaintenanceCalendar())).isEqualTo(IncidentKind.SOFTWARE_DEFECT);
        });
    }

    @Test
    void aScopeTheLocalizerNamesBesideAnOutageIsAFindingOnlyIfItIsAnAnomalyOnItsOwn() {
        Random random = new Random(7);
        for (int m = 0; m < 30; m++) {
            analysis.analyze(
                    T0.plus(Duration.ofMinutes(m)),
                    T0.plus(Duration.ofMinutes(m + 1)),
                    window(m, random, null, 0, Cause.UNKNOWN));
        }
        List<CubeCell> cells = new ArrayList<>(window(30, random, "H3", 0.9, Cause.HOST_UNAVAILABLE));
        // one chronically failing terminal of another model, alone in its cell: four failures of four attempts
        Instant start = T0.plus(Duration.ofMinutes(30));
        cells.add(new CubeCell(
                start,
                start.plusSeconds(60),
                "510000",
                "H1",
                "CTCC",
                "A8",
                "FW-2.1",
                4,
                0,
                4,
                Map.of(Cause.HARDWARE, 4L),
                1,
                Map.of("READER_FAULT", 4L)));
        WindowAnalysis.Result result = analysis.analyze(start, start.plusSeconds(60), cells);
        assertThat(result.localization().causes())
                .as("the localizer names the lone terminal's cell too")
                .anySatisfy(cause -> assertThat(cause.attempts()).isEqualTo(4.0));
        assertThat(result.findings()).extracting(Finding::scope).containsExactly(Map.of("host", "H3"));
    }

    @Test
    void anOpenWindowIsJudgedFromItsCountsSoFarWithoutTeachingTheDetector() {
        Detector detector = new Detector(DetectorSettings.DEFAULTS, ZoneId.of("Asia/Shanghai"));
        WindowAnalysis early = new WindowAnalysis(detector, new Localizer(LocalizerSettings.DEFAULTS));
        Random random = new Random(11);
        for (int m = 0; m < 30; m++) {
            early.analyze(
                    T0.plus(Duration.ofMinutes(m)),
                    T0.plus(Duration.ofMinutes(m + 1)),
                    window(m, random, null, 0, Cause.UNKNOWN));
        }
        byte[] learned = detector.snapshot();
        Instant start = T0.plus(Duration.ofMinutes(30));
        // the first 15 seconds of the window: a quarter of the attempts
        List<CubeCell> soFar = window(30, random, "H3", 0.95, Cause.HOST_UNAVAILABLE).stream()
                .map(c -> new CubeCell(
                        c.windowStart(),
                        c.windowEnd(),
                        c.province(),
                        c.host(),
                        c.carrier(),
                        c.model(),
                        c.firmware(),
                        c.attempts() / 4,
                        c.successes() / 4,
                        c.attempts() / 4 - c.successes() / 4,
                        c.failures() < 4
                                ? Map.of()
                                : Map.of(
                                        c.host().equals("H3") ? Cause.HOST_UNAVAILABLE : Cause.NETWORK,
                                        c.attempts() / 4 - c.successes() / 4),
                        0,
                        Map.of()))
                .toList();
        List<CubeCell> quietSoFar = window(30, random, null, 0, Cause.UNKNOWN).stream()
                .map(c -> new CubeCell(
                        c.windowStart(),
                        c.windowEnd(),
                        c.province(),
                        c.host(),
                        c.carrier(),
                        c.model(),
                        c.firmware(),
                        c.attempts() / 4,
                        c.attempts() / 4,
                        0,
                        Map.of(),
                        0,
                        Map.of()))
                .toList();

        assertThat(early.early(start, start.plusSeconds(60), quietSoFar).findings())
                .isEmpty();
        WindowAnalysis.Result result = early.early(start, start.plusSeconds(60), soFar);

        assertThat(result.findings()).extracting(Finding::scope).containsExactly(Map.of("host", "H3"));
        assertThat(detector.snapshot())
                .as("nothing learned from an open window")
                .isEqualTo(learned);
    }
}
