package dev.posmon.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.alerting.incident.Correlator.Change;
import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.TerminalSet;
import dev.posmon.contract.maintenance.MaintenanceWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CorrelatorTest {

    static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    private final MaintenanceCalendar calendar = new MaintenanceCalendar();
    private final AtomicInteger ids = new AtomicInteger();
    private final Correlator correlator = new Correlator(
            CorrelatorSettings.DEFAULTS,
            calendar,
            Clock.fixed(T0.plusSeconds(95), ZoneOffset.UTC),
            () -> "inc-" + ids.incrementAndGet());

    static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    static Finding finding(
            int minute,
            Map<String, String> scope,
            long attempts,
            long failures,
            Cause cause,
            Map<String, Double> hostShare) {
        return new Finding(
                minute(minute),
                minute(minute + 1),
                scope,
                attempts,
                failures,
                attempts * 0.02,
                failures / 2,
                Map.of(cause, failures),
                Map.of(cause == Cause.NETWORK ? "CONNECT_TIMEOUT" : "96", failures),
                hostShare);
    }

    static Finding hostOutage(int minute) {
        return finding(minute, Map.of("host", "H3"), 600, 540, Cause.HOST_UNAVAILABLE, Map.of());
    }

    List<Change> window(int minute, Finding... findings) {
        return correlator.window(minute(minute), minute(minute + 1), List.of(findings));
    }

    static Finding hitting(Finding finding, String... acquirers) {
        return new Finding(
                finding.windowStart(),
                finding.windowEnd(),
                finding.scope(),
                finding.attempts(),
                finding.failures(),
                finding.expectedFailures(),
                finding.affectedTerminals(),
                finding.failuresByCause(),
                finding.evidence(),
                finding.hostShare(),
                Set.of(acquirers));
    }

    @Test
    void anIncidentHitsEveryAcquirerOfItsWindowsAndANewlyHitAcquirerIsAChange() {
        Incident opened = window(0, hitting(hostOutage(0), "ACQ-A")).get(0).incident();
        assertThat(opened.acquirers()).containsExactly("ACQ-A");
        assertThat(opened.toRecord().acquirers()).containsExactly("ACQ-A");

        assertThat(window(1, hitting(hostOutage(1), "ACQ-A")))
                .singleElement()
                .satisfies(change -> assertThat(change.type()).isEqualTo(Change.Type.UPDATED));

        assertThat(window(2, hitting(hostOutage(2), "ACQ-B"))).singleElement().satisfies(change -> {
            assertThat(change.type())
                    .as("ACQ-B's tenant must get its alert now")
                    .isEqualTo(Change.Type.CHANGED);
            assertThat(change.previous().acquirers()).containsExactly("ACQ-A");
            assertThat(change.incident().acquirers()).containsExactly("ACQ-A", "ACQ-B");
        });
        assertThat(window(3, hitting(hostOutage(3))).get(0).incident().acquirers())
                .as("a window that hit no acquirer takes none away")
                .containsExactly("ACQ-A", "ACQ-B");
    }

    @Test
    void aSevereHostFindingOpensAHostOutageAtOnce() {
        List<Change> changes = window(0, hostOutage(0));
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.OPENED);
            assertThat(change.incident().kind()).isEqualTo(IncidentKind.HOST_OUTAGE);
            assertThat(change.incident().scope()).isEqualTo(Map.of("host", "H3"));
            assertThat(change.incident().onset()).isEqualTo(minute(0));
            assertThat(change.incident().detectedWindowEnd()).isEqualTo(minute(1));
            assertThat(change.incident().action())
                    .contains("H3")
                    .as("90 % failing is no total stop")
                    .doesNotContain("stopped");
            assertThat(change.incident().evidence()).containsKey("96");
        });
        assertThat(window(1, hostOutage(1))).extracting(Change::type).containsExactly(Change.Type.UPDATED);
        assertThat(correlator.incidents()).hasSize(1);
    }

    @Test
    void aHostIncidentAbsorbsTheProvinceSymptomsItCauses() {
        window(0, hostOutage(0));
        Finding province =
                finding(1, Map.of("province", "440000"), 900, 300, Cause.HOST_UNAVAILABLE, Map.of("H3", 0.92));
        List<Change> changes = window(1, hostOutage(1), province);
        assertThat(changes)
                .extracting(Change::type)
                .contains(Change.Type.ABSORBED)
                .doesNotContain(Change.Type.OPENED);
        assertThat(correlator.incidents())
                .singleElement()
                .satisfies(i -> assertThat(i.absorbed()).containsExactly(Map.of("province", "440000")));
    }

    @Test
    void aProvinceOutageNotCausedByTheHostIsAnIncidentOfItsOwn() {
        window(0, hostOutage(0));
        Finding network = finding(
                1,
                Map.of("province", "650000", "carrier", "CTCC"),
                400,
                300,
                Cause.NETWORK,
                Map.of("H3", 0.2, "H1", 0.5));
        List<Change> changes = window(1, hostOutage(1), network);
        assertThat(changes)
                .filteredOn(c -> c.type() == Change.Type.OPENED)
                .singleElement()
                .satisfies(c -> assertThat(c.incident().kind()).isEqualTo(IncidentKind.NETWORK_OUTAGE));
    }

    @Test
    void aMildFindingMustRepeatBeforeItOpensAnIncident() {
        Finding mild = finding(0, Map.of("model", "A8", "firmware", "FW-8.0"), 400, 40, Cause.SOFTWARE, Map.of());
        assertThat(window(0, mild)).isEmpty();
        assertThat(window(1)).isEmpty();
        assertThat(window(
                        2, finding(2, Map.of("model", "A8", "firmware", "FW-8.0"), 400, 40, Cause.SOFTWARE, Map.of())))
                .isEmpty();
        List<Change> second =
                window(3, finding(3, Map.of("model", "A8", "firmware", "FW-8.0"), 400, 42, Cause.SOFTWARE, Map.of()));
        assertThat(second).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.OPENED);
            assertThat(change.incident().kind()).isEqualTo(IncidentKind.SOFTWARE_DEFECT);
            assertThat(change.incident().onset())
                    .as("onset is the first of the two windows")
                    .isEqualTo(minute(2));
            assertThat(change.incident().detectedWindowEnd())
                    .as("detected, in event time, at the end of the second window: what the report's MTTD measures")
                    .isEqualTo(minute(4));
        });
    }

    @Test
    void anIncidentResolvesAfterAQuietPeriodAndARelapseWithinTheCooldownReopensIt() {
        window(0, hostOutage(0));
        for (int m = 1; m <= 4; m++) {
            assertThat(window(m)).as("quiet window %d", m).isEmpty();
        }
        List<Change> resolved = window(5);
        assertThat(resolved).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.RESOLVED);
            assertThat(change.incident().resolvedAt()).isEqualTo(minute(6));
        });
        List<Change> relapse = window(20, hostOutage(20));
        assertThat(relapse).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.REOPENED);
            assertThat(change.incident().id()).isEqualTo("inc-1");
            assertThat(change.incident().reopened()).isEqualTo(1);
            assertThat(change.incident().status()).isEqualTo(Incident.Status.OPEN);
        });
    }

    @Test
    void aRelapseAfterTheCooldownIsANewIncident() {
        window(0, hostOutage(0));
        for (int m = 1; m <= 5; m++) {
            window(m);
        }
        List<Change> later = window(60, hostOutage(60));
        assertThat(later).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.OPENED);
            assertThat(change.incident().id()).isEqualTo("inc-2");
        });
    }

    @Test
    void aResolvedIncidentIsForgottenOnceItsCooldownHasPassed() {
        window(0, hostOutage(0));
        for (int m = 1; m <= 5; m++) {
            window(m);
        }
        assertThat(correlator.find("inc-1"))
                .get()
                .satisfies(i -> assertThat(i.resolvedAt()).isEqualTo(minute(6)));
        window(35);
        assertThat(correlator.find("inc-1"))
                .as("30 minutes after its resolution it may still re-open")
                .isPresent();
        window(36);
        assertThat(correlator.incidents()).as("past the cool-down").isEmpty();
        assertThat(correlator.acknowledge("inc-1")).isEmpty();
        assertThat(window(37, hostOutage(37))).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(Change.Type.OPENED);
            assertThat(change.incident().id()).isEqualTo("inc-2");
        });
    }

    @Test
    void anIncidentResolvedByHandIsForgottenOnceItsCooldownHasPassed() {
        String id = window(0, hostOutage(0)).get(0).incident().id();
        correlator.resolve(id);
        window(2);
        assertThat(correlator.find(id)).isPresent();
        // resolved at T0 + 95 s by the clock: the cool-down has passed once a window ends after T0 + 31:35
        window(31);
        assertThat(correlator.find(id)).isEmpty();
    }

    @Test
    void hostFailuresInsideADeclaredWindowArePlannedMaintenanceAndDoNotPage() {
        calendar.put(new MaintenanceWindow("mw-1", "H3", minute(-10), minute(30), null, null, null, "upgrade", null));
        Incident incident = window(0, hostOutage(0)).get(0).incident();
        assertThat(incident.kind()).isEqualTo(IncidentKind.PLANNED_MAINTENANCE);
        assertThat(incident.kind().pages()).isFalse();
        assertThat(incident.action()).contains("until " + minute(30));
    }

    @Test
    void maintenanceAnswersOutsideEveryWindowAreUnannouncedMaintenanceAndPage() {
        calendar.put(
                new MaintenanceWindow("mw-1", "H3", minute(-100), minute(-50), null, null, null, "yesterday's", null));
        Finding cutOver = finding(0, Map.of("host", "H3"), 500, 480, Cause.HOST_MAINTENANCE, Map.of());
        Incident incident = window(0, cutOver).get(0).incident();
        assertThat(incident.kind()).isEqualTo(IncidentKind.HOST_MAINTENANCE);
        assertThat(incident.kind().pages()).isTrue();
    }

    @Test
    void aTotalStopWithoutMaintenanceAnswersStaysAHostOutageThatAsksAboutMaintenance() {
        Finding stop = oneWindow(
                Map.of("host", "H3"),
                600,
                600,
                300,
                Map.of(Cause.HOST_UNAVAILABLE, 600L),
                Map.of("CONNECT_REFUSED", 420L, "91", 180L));
        assertThat(stop.totalStop()).isTrue();
        Incident incident = window(0, stop).get(0).incident();
        assertThat(incident.kind()).isEqualTo(IncidentKind.HOST_OUTAGE);
        assertThat(incident.kind().pages()).isTrue();
        assertThat(incident.action()).contains("H3 has stopped", "unannounced maintenance", "declare the window");
    }

    @Test
    void aTotalStopAnsweredWithTheCutOverCodeIsUnannouncedMaintenance() {
        Finding stop = oneWindow(
                Map.of("host", "H3"), 600, 600, 300, Map.of(Cause.HOST_MAINTENANCE, 600L), Map.of("90", 600L));
        assertThat(Correlator.kindOf(stop, calendar)).isEqualTo(IncidentKind.HOST_MAINTENANCE);
    }

    @Test
    void aTotalStopIsEveryAttemptFailingOnTheHostsSide() {
        assertThat(finding(0, Map.of("host", "H3"), 600, 594, Cause.HOST_UNAVAILABLE, Map.of())
                        .totalStop())
                .as("99 %")
                .isTrue();
        assertThat(finding(0, Map.of("host", "H3"), 600, 590, Cause.HOST_UNAVAILABLE, Map.of())
                        .totalStop())
                .as("98.3 %")
                .isFalse();
        assertThat(finding(0, Map.of("host", "H3"), 600, 600, Cause.NETWORK, Map.of())
                        .totalStop())
                .as("transport errors of the network")
                .isFalse();
    }

    @Test
    void theDailyCutOverInItsRecurringWindowIsPlanned() {
        // 23:00-23:20 in Shanghai every day, i.e. 15:00-15:20 UTC
        calendar.put(new MaintenanceWindow(
                "cut-over",
                "H3",
                Instant.parse("2026-11-01T15:00:00Z"),
                null,
                "FREQ=DAILY",
                Duration.ofMinutes(20),
                "Asia/Shanghai",
                "daily cut-over",
                null));
        Finding at2305 = new Finding(
                Instant.parse("2026-11-26T15:05:00Z"),
                Instant.parse("2026-11-26T15:06:00Z"),
                Map.of("host", "H3"),
                500,
                480,
                10,
                200,
                Map.of(Cause.HOST_MAINTENANCE, 480L),
                Map.of("90", 480L),
                Map.of());
        assertThat(Correlator.kindOf(at2305, calendar)).isEqualTo(IncidentKind.PLANNED_MAINTENANCE);
    }

    @Test
    void aCarriersOutageInsideItsAnnouncedWorksIsPlannedAndElsewhereAnOutage() {
        calendar.put(new MaintenanceWindow(
                "works",
                null,
                minute(0),
                minute(30),
                null,
                null,
                null,
                "announced works",
                null,
                "440000",
                "CMCC",
                null,
                "gd-cmcc"));
        Finding works = finding(5, Map.of("province", "440000", "carrier", "CMCC"), 400, 300, Cause.NETWORK, Map.of());
        assertThat(window(5, works)).singleElement().satisfies(change -> {
            assertThat(change.incident().kind()).isEqualTo(IncidentKind.PLANNED_MAINTENANCE);
            assertThat(change.incident().kind().pages()).isFalse();
            assertThat(change.incident().action())
                    .startsWith("Announced network works in ")
                    .contains("province=440000 Guangdong", "carrier=CMCC")
                    .endsWith(" until " + minute(30) + ": failures there are planned; no action unless they overrun.");
        });
        assertThat(Correlator.kindOf(
                        finding(5, Map.of("province", "440000", "carrier", "CUCC"), 400, 300, Cause.NETWORK, Map.of()),
                        calendar))
                .as("another carrier")
                .isEqualTo(IncidentKind.NETWORK_OUTAGE);
        assertThat(Correlator.kindOf(
                        finding(40, Map.of("province", "440000", "carrier", "CMCC"), 400, 300, Cause.NETWORK, Map.of()),
                        calendar))
                .as("after the works")
                .isEqualTo(IncidentKind.NETWORK_OUTAGE);
        assertThat(Correlator.kindOf(
                        finding(5, Map.of("province", "440000", "carrier", "CMCC"), 400, 300, Cause.SOFTWARE, Map.of()),
                        calendar))
                .as("works explain network failures only")
                .isNotEqualTo(IncidentKind.PLANNED_MAINTENANCE);
    }

    @Test
    void kindsFollowTheScopeAndTheDominantCause() {
        assertThat(Correlator.kindOf(finding(0, Map.of("app", "3.3.7"), 400, 300, Cause.UNKNOWN, Map.of()), calendar))
                .as("failures of no known cause on one app version: that release")
                .isEqualTo(IncidentKind.SOFTWARE_DEFECT);
        assertThat(Correlator.kindOf(
                        finding(0, Map.of("province", "440000"), 400, 300, Cause.UNKNOWN, Map.of()), calendar))
                .as("… but not on a province")
                .isEqualTo(IncidentKind.OTHER);
        assertThat(Correlator.kindOf(
                        finding(0, Map.of("province", "440000", "carrier", "CMCC"), 400, 300, Cause.NETWORK, Map.of()),
                        calendar))
                .isEqualTo(IncidentKind.NETWORK_OUTAGE);
        assertThat(Correlator.kindOf(finding(0, Map.of("host", "H1"), 400, 300, Cause.KEY_MAC, Map.of()), calendar))
                .isEqualTo(IncidentKind.KEY_SYNC);
        assertThat(Correlator.kindOf(
                        finding(0, Map.of("province", "110000"), 400, 300, Cause.MERCHANT_ACCOUNT, Map.of()), calendar))
                .isEqualTo(IncidentKind.MERCHANT_ACCOUNT_WAVE);
        assertThat(Correlator.kindOf(
                        finding(0, Map.of("firmware", "FW-8.0"), 400, 300, Cause.UNKNOWN, Map.of()), calendar))
                .isEqualTo(IncidentKind.SOFTWARE_DEFECT);
        // card readers failing on one model: a hardware wave, not a software defect to roll back; not paged
        assertThat(Correlator.kindOf(finding(0, Map.of("model", "A920"), 400, 300, Cause.HARDWARE, Map.of()), calendar))
                .isEqualTo(IncidentKind.HARDWARE_WAVE);
        assertThat(IncidentKind.HARDWARE_WAVE.pages()).isFalse();
    }

    /** A finding of minute 0 with its failing terminals, causes and evidence. */
    static Finding oneWindow(
            Map<String, String> scope,
            long attempts,
            long failures,
            long failingTerminals,
            Map<Cause, Long> causes,
            Map<String, Long> evidence) {
        return new Finding(
                minute(0), minute(1), scope, attempts, failures, 12, failingTerminals, causes, evidence, Map.of());
    }

    @Test
    void aHostAnsweringAsMuchMaintenanceAsMalfunctionIsInMaintenanceNotACoinToss() {
        MaintenanceCalendar calendar = new MaintenanceCalendar();
        Finding even = hostFinding(0, 500, Map.of(Cause.HOST_UNAVAILABLE, 260L, Cause.HOST_MAINTENANCE, 240L));
        assertThat(even.dominantCause()).isEqualTo(Cause.HOST_UNAVAILABLE);
        assertThat(Correlator.kindOf(even, calendar))
                .as("a front end saying 'in maintenance' while the parts behind it are down")
                .isEqualTo(IncidentKind.HOST_MAINTENANCE);
        assertThat(Correlator.kindOf(
                        hostFinding(0, 500, Map.of(Cause.HOST_UNAVAILABLE, 470L, Cause.HOST_MAINTENANCE, 30L)),
                        calendar))
                .as("a host that is down answers a few cut-over codes of the day")
                .isEqualTo(IncidentKind.HOST_OUTAGE);
    }

    @Test
    void terminalsStoppingOnAnotherMerchantsNameAreADisplayWaveThatPages() {
        MaintenanceCalendar calendar = new MaintenanceCalendar();
        Finding names = oneWindow(
                Map.of("host", "H2"),
                600,
                300,
                280,
                Map.of(Cause.SOFTWARE, 300L),
                Map.of(Finding.MERCHANT_NAME_MISMATCH, 290L, "12", 10L));
        assertThat(Correlator.kindOf(names, calendar)).isEqualTo(IncidentKind.DISPLAY_WAVE);
        assertThat(IncidentKind.DISPLAY_WAVE.pages()).isTrue();
        assertThat(window(0, names).get(0).incident().action()).contains("H2").contains("merchant");
        Finding crashes = oneWindow(
                Map.of("host", "H2"),
                600,
                300,
                280,
                Map.of(Cause.SOFTWARE, 300L),
                Map.of("APP_CRASH", 200L, Finding.MERCHANT_NAME_MISMATCH, 100L));
        assertThat(Correlator.kindOf(crashes, calendar))
                .as("a few wrong names among crashes are a defect")
                .isEqualTo(IncidentKind.SOFTWARE_DEFECT);
    }

    @Test
    void terminalsOfOneFirmwareRetryingAFailingSignOnInALoopAreALoopWaveThatPages() {
        MaintenanceCalendar calendar = new MaintenanceCalendar();
        // finding(...) counts failures / 2 failing terminals: two failed sign-ons a minute each, a defect
        Finding defect = finding(0, Map.of("firmware", "FW-8.0"), 400, 300, Cause.SOFTWARE, Map.of());
        assertThat(defect.failuresPerTerminal()).isEqualTo(2.0);
        assertThat(Correlator.kindOf(defect, calendar)).isEqualTo(IncidentKind.SOFTWARE_DEFECT);
        Finding loop = oneWindow(
                Map.of("firmware", "FW-8.0"), 700, 660, 110, Map.of(Cause.SOFTWARE, 660L), Map.of("E2", 660L));
        assertThat(loop.failuresPerTerminal()).isEqualTo(6.0);
        assertThat(Correlator.kindOf(loop, calendar)).isEqualTo(IncidentKind.LOOP_WAVE);
        assertThat(IncidentKind.LOOP_WAVE.pages()).isTrue();
        Change opened = window(0, loop).get(0);
        assertThat(opened.incident().kind()).isEqualTo(IncidentKind.LOOP_WAVE);
        assertThat(opened.incident().action()).contains("FW-8.0").contains("6");
        // terminals hammering a host that is down retry too: the outage is the incident, not the loop
        Finding outage = oneWindow(
                Map.of("host", "H3"), 700, 660, 110, Map.of(Cause.HOST_UNAVAILABLE, 660L), Map.of("96", 660L));
        assertThat(Correlator.kindOf(outage, calendar)).isEqualTo(IncidentKind.HOST_OUTAGE);
    }

    @Test
    void acknowledgingKeepsTheIncidentActiveAndAManualResolveEndsIt() {
        String id = window(0, hostOutage(0)).get(0).incident().id();
        assertThat(correlator.acknowledge(id))
                .get()
                .satisfies(c -> assertThat(c.incident().status()).isEqualTo(Incident.Status.ACKNOWLEDGED));
        assertThat(window(1, hostOutage(1))).extracting(Change::type).containsExactly(Change.Type.UPDATED);
        assertThat(correlator.resolve(id))
                .get()
                .satisfies(c -> assertThat(c.incident().resolvedAt()).isEqualTo(T0.plusSeconds(95)));
        assertThat(correlator.resolve(id)).as("already resolved").isEmpty();
    }

    static Finding hostFinding(int minute, long failures, Map<Cause, Long> causes) {
        return new Finding(
                minute(minute),
                minute(minute + 1),
                Map.of("host", "HX-02"),
                600,
                failures,
                12,
                failures / 2,
                causes,
                Map.of(
                        "90",
                        causes.getOrDefault(Cause.HOST_MAINTENANCE, 0L),
                        "96",
                        failures - causes.getOrDefault(Cause.HOST_MAINTENANCE, 0L)),
                Map.of());
    }

    @Test
    void aHostEventWhoseAnswersMixMaintenanceAndMalfunctionIsOneIncidentWhoseKindChangesInPlace() {
        List<Change> all = new ArrayList<>();
        // unannounced maintenance: first mostly 96 (malfunction), then mostly 90 (cut-over), then mixed
        all.addAll(window(0, hostFinding(0, 500, Map.of(Cause.HOST_UNAVAILABLE, 400L, Cause.HOST_MAINTENANCE, 100L))));
        all.addAll(window(1, hostFinding(1, 500, Map.of(Cause.HOST_UNAVAILABLE, 100L, Cause.HOST_MAINTENANCE, 400L))));
        all.addAll(window(2, hostFinding(2, 500, Map.of(Cause.HOST_UNAVAILABLE, 100L, Cause.HOST_MAINTENANCE, 400L))));
        all.addAll(window(3, hostFinding(3, 500, Map.of(Cause.HOST_UNAVAILABLE, 300L, Cause.HOST_MAINTENANCE, 200L))));
        for (int m = 4; m < 4 + CorrelatorSettings.DEFAULTS.quietWindows(); m++) {
            all.addAll(window(m));
        }

        assertThat(all)
                .filteredOn(c -> c.type() == Change.Type.OPENED)
                .singleElement()
                .satisfies(c -> assertThat(c.incident().kind()).isEqualTo(IncidentKind.HOST_OUTAGE));
        assertThat(all)
                .filteredOn(c -> c.type() == Change.Type.CHANGED)
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.previous().kind()).isEqualTo(IncidentKind.HOST_OUTAGE);
                    assertThat(c.incident().kind())
                            .as("the failures of all its windows decide, not the latest one's")
                            .isEqualTo(IncidentKind.HOST_MAINTENANCE);
                    assertThat(c.incident().action()).contains("declare the window");
                });
        assertThat(all).filteredOn(c -> c.type() == Change.Type.RESOLVED).hasSize(1);
        assertThat(all).extracting(c -> c.incident().id()).containsOnly("inc-1");
        assertThat(correlator.incidents())
                .singleElement()
                .satisfies(i -> assertThat(i.failures()).isEqualTo(2000));
    }

    @Test
    void aMaintenanceWindowDeclaredDuringAnOutageTurnsTheSameIncidentPlanned() {
        Incident outage = window(0, hostOutage(0)).get(0).incident();
        assertThat(outage.kind()).isEqualTo(IncidentKind.HOST_OUTAGE);
        assertThat(window(1, hostOutage(1))).extracting(Change::type).containsExactly(Change.Type.UPDATED);

        calendar.put(new MaintenanceWindow(
                "mw-late", "H3", minute(1), minute(30), null, null, null, "declared after the fact", null));
        List<Change> changes = window(2, hostOutage(2));

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.CHANGED);
            assertThat(c.incident().id()).isEqualTo(outage.id());
            assertThat(c.incident().kind()).isEqualTo(IncidentKind.PLANNED_MAINTENANCE);
            assertThat(c.incident().kind().pages()).isFalse();
            assertThat(c.incident().onset()).isEqualTo(minute(0));
        });
        assertThat(correlator.incidents()).hasSize(1);
    }

    @Test
    void aNetworkOutageThatNarrowsToOneCarrierKeepsItsIncidentAndTakesTheNarrowerScopeOnceItRepeats() {
        Finding province = finding(0, Map.of("province", "440000"), 900, 500, Cause.NETWORK, Map.of());
        Finding carrier1 =
                finding(1, Map.of("province", "440000", "carrier", "CMCC"), 500, 480, Cause.NETWORK, Map.of());
        Finding carrier2 =
                finding(2, Map.of("province", "440000", "carrier", "CMCC"), 500, 480, Cause.NETWORK, Map.of());

        String id = window(0, province).get(0).incident().id();
        assertThat(window(1, carrier1)).singleElement().satisfies(c -> {
            assertThat(c.type())
                    .as("one window is not enough to change what on-call was told")
                    .isEqualTo(Change.Type.UPDATED);
            assertThat(c.incident().scope()).isEqualTo(Map.of("province", "440000"));
        });
        assertThat(window(2, carrier2)).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.CHANGED);
            assertThat(c.incident().id()).isEqualTo(id);
            assertThat(c.incident().scope()).isEqualTo(Map.of("province", "440000", "carrier", "CMCC"));
            assertThat(c.previous().scope()).isEqualTo(Map.of("province", "440000"));
        });
        assertThat(correlator.incidents()).hasSize(1);
    }

    /** A host outage whose cells counted this many failing terminals. */
    static Finding hostFailing(int minute, long failingTerminals) {
        return new Finding(
                minute(minute),
                minute(minute + 1),
                Map.of("host", "H3"),
                60,
                54,
                1,
                failingTerminals,
                Map.of(Cause.HOST_UNAVAILABLE, 54L),
                Map.of("96", 54L),
                Map.of());
    }

    @Test
    void anIncidentCountsTheDistinctTerminalsItHitAndThoseThatStillFail() {
        long a = TerminalSet.hash("T-A");
        long b = TerminalSet.hash("T-B");
        long c = TerminalSet.hash("T-C");
        // window 0: A and B fail (B recovers within the window); window 1: B and C fail, A recovers; window 2 (quiet):
        // C recovers
        WindowTerminals w0 =
                new WindowTerminals(TerminalSet.ofHashes(a, b), TerminalSet.ofHashes(a), TerminalSet.ofHashes(b), 2);
        WindowTerminals w1 =
                new WindowTerminals(TerminalSet.ofHashes(b, c), TerminalSet.ofHashes(b, c), TerminalSet.ofHashes(a), 2);
        WindowTerminals w2 = new WindowTerminals(TerminalSet.EMPTY, TerminalSet.EMPTY, TerminalSet.ofHashes(c), 0);

        Incident opened = correlator
                .window(minute(0), minute(1), List.of(hostFailing(0, 2)), scope -> w0)
                .get(0)
                .incident();
        assertThat(opened.affectedTerminals()).isEqualTo(2);
        assertThat(opened.stillFailing()).isEqualTo(1);
        Incident grown = correlator
                .window(minute(1), minute(2), List.of(hostFailing(1, 2)), scope -> w1)
                .get(0)
                .incident();
        assertThat(grown.affectedTerminals())
                .as("A, B, C: the largest window had 2")
                .isEqualTo(3);
        assertThat(grown.stillFailing()).as("B and C").isEqualTo(2);
        correlator.window(minute(2), minute(3), List.of(), scope -> w2);
        assertThat(correlator.incidents()).singleElement().satisfies(i -> {
            assertThat(i.affectedTerminals()).isEqualTo(3);
            assertThat(i.stillFailing())
                    .as("B only: a quiet window still tells who recovered")
                    .isEqualTo(1);
        });
    }

    @Test
    void aSevereFindingOfAnOpenWindowOpensItsIncidentEarlyAndTheClosedWindowUpdatesIt() {
        Finding soFar = finding(0, Map.of("host", "H3"), 40, 20, Cause.HOST_UNAVAILABLE, Map.of());
        List<Change> early = correlator.early(List.of(soFar), scope -> WindowTerminals.NONE);
        assertThat(early).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.OPENED);
            assertThat(c.incident().kind()).isEqualTo(IncidentKind.HOST_OUTAGE);
            assertThat(c.incident().onset()).isEqualTo(minute(0));
        });
        assertThat(correlator.early(List.of(soFar), scope -> WindowTerminals.NONE))
                .as("already open")
                .isEmpty();
        assertThat(window(0, hostOutage(0))).extracting(Change::type).containsExactly(Change.Type.UPDATED);
        assertThat(correlator.incidents()).hasSize(1);
    }

    @Test
    void windowsThatEndedBeforeAnEarlyIncidentBeganNeitherCountAsQuietNorResolveIt() {
        int open = 10;
        Finding soFar = finding(open, Map.of("host", "H3"), 150, 140, Cause.HOST_UNAVAILABLE, Map.of());
        Incident opened = correlator
                .early(List.of(soFar), scope -> WindowTerminals.NONE)
                .get(0)
                .incident();
        // judging is behind: the windows before the open one close quiet, more of them than it takes to resolve
        for (int m = 0; m < open; m++) {
            assertThat(window(m))
                    .as("window %d ended before the incident began", m)
                    .isEmpty();
        }
        assertThat(correlator.incidents()).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(Incident.Status.OPEN);
            assertThat(i.quietWindows()).isZero();
        });
        assertThat(window(open, hostOutage(open))).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.UPDATED);
            assertThat(c.incident().id()).isEqualTo(opened.id());
        });
    }

    @Test
    void aRelapseInAnOpenWindowReopensTheResolvedIncidentEarlyAndOlderQuietWindowsLeaveItOpen() {
        Incident first = window(0, hostOutage(0)).get(0).incident();
        for (int m = 1; m <= CorrelatorSettings.DEFAULTS.quietWindows(); m++) {
            window(m);
        }
        assertThat(correlator.incidents())
                .singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo(Incident.Status.RESOLVED));
        int relapse = 12;
        List<Change> early = correlator.early(
                List.of(finding(relapse, Map.of("host", "H3"), 40, 30, Cause.HOST_UNAVAILABLE, Map.of())),
                scope -> WindowTerminals.NONE);
        assertThat(early).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(Change.Type.REOPENED);
            assertThat(c.incident().id()).isEqualTo(first.id());
        });
        for (int m = CorrelatorSettings.DEFAULTS.quietWindows() + 1; m < relapse; m++) {
            assertThat(window(m))
                    .as("window %d ended before the relapse was seen", m)
                    .isEmpty();
        }
        assertThat(window(relapse, hostOutage(relapse)))
                .extracting(Change::type)
                .containsExactly(Change.Type.UPDATED);
        assertThat(correlator.incidents())
                .singleElement()
                .satisfies(i -> assertThat(i.status()).isEqualTo(Incident.Status.OPEN));
    }

    @Test
    void anOpenWindowOpensNothingThatIsMildSmallOrDoesNotPage() {
        Finding mild = finding(0, Map.of("host", "H3"), 600, 120, Cause.HOST_UNAVAILABLE, Map.of());
        Finding small = finding(0, Map.of("host", "H3"), 14, 14, Cause.HOST_UNAVAILABLE, Map.of());
        Finding fewTerminals = new Finding(
                minute(0),
                minute(1),
                Map.of("host", "H4"),
                60,
                60,
                1.2,
                3,
                Map.of(Cause.HOST_UNAVAILABLE, 60L),
                Map.of("96", 60L),
                Map.of());
        Finding merchants = finding(0, Map.of("province", "110000"), 200, 150, Cause.MERCHANT_ACCOUNT, Map.of());

        assertThat(correlator.early(List.of(mild, small, fewTerminals, merchants), scope -> WindowTerminals.NONE))
                .as("a ratio under 30 %, 14 failures, 60 failures from 3 terminals retrying, a kind that does not page")
                .isEmpty();
        assertThat(correlator.pending())
                .as("the closed window decides about these")
                .isEmpty();
    }
}
