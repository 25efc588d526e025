package dev.posmon.analytics.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.terminal.HealthGauges;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.Network.NetworkType;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnalyticsMetricsTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AnalyticsMetrics metrics = new AnalyticsMetrics(registry, new HealthGauges());

    @Test
    void countsAttemptsByAcquirerWithUnregisteredTerminalsAsUnknown() {
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, null, "ACQ-A"));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, null, "ACQ-A"));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, null, "ACQ-B"));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, null, null));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, null, " "));

        assertThat(registry.get("posmon.signon.attempts")
                        .tags("acquirer", "ACQ-A", "province", "440000", "host", "H1", "outcome", "SUCCESS")
                        .tags("cause", "NONE")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("posmon.signon.attempts")
                        .tags("acquirer", "ACQ-B")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("posmon.signon.attempts")
                        .tags("acquirer", "UNKNOWN")
                        .counter()
                        .count())
                .as("no acquirer and a blank one are the cube's UNKNOWN")
                .isEqualTo(2);
        assertThat(registry.find("posmon.signon.attempts").counters()).hasSize(3);
        assertThat(registry.get("posmon.signon.attempts").counter().getId().getTags())
                .extracting(tag -> tag.getKey())
                .containsExactlyInAnyOrder("acquirer", "province", "host", "outcome", "cause");
    }

    @Test
    void countsTransportErrorsByAcquirerProvinceAndError() {
        metrics.classified(attempt("440000", Outcome.FAILURE, TransportError.DNS, null, "ACQ-B"));
        metrics.classified(attempt("440000", Outcome.FAILURE, TransportError.DNS, null, null));

        assertThat(registry.get("posmon.signon.transport.errors")
                        .tags("acquirer", "ACQ-B", "province", "440000", "error", "DNS")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("posmon.signon.transport.errors")
                        .tags("acquirer", "UNKNOWN", "province", "440000", "error", "DNS")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void countsTransportErrorsByProvinceAndError() {
        metrics.classified(attempt(
                "440000", Outcome.FAILURE, TransportError.CONNECT_TIMEOUT, new Network(NetworkType._4G, "CMCC", -101)));
        metrics.classified(attempt(
                "440000", Outcome.FAILURE, TransportError.CONNECT_TIMEOUT, new Network(NetworkType._4G, "CUCC", -99)));
        metrics.classified(
                attempt("110000", Outcome.FAILURE, TransportError.DNS, new Network(NetworkType.WIFI, null, -60)));
        metrics.classified(attempt("110000", Outcome.SUCCESS, null, new Network(NetworkType._4G, "CMCC", -70)));

        assertThat(registry.get("posmon.signon.transport.errors")
                        .tags("province", "440000", "error", "CONNECT_TIMEOUT")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("posmon.signon.transport.errors")
                        .tags("province", "110000", "error", "DNS")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("posmon.signon.transport.errors").counters()).hasSize(2);
    }

    @Test
    void recordsSignalLossByNetworkTypeAndOutcome() {
        metrics.classified(attempt(
                "440000", Outcome.FAILURE, TransportError.CONNECT_TIMEOUT, new Network(NetworkType._4G, "CMCC", -101)));
        metrics.classified(attempt(
                "440000", Outcome.FAILURE, TransportError.READ_TIMEOUT, new Network(NetworkType._4G, "CMCC", -99)));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, new Network(NetworkType._4G, "CMCC", -70)));
        metrics.classified(attempt("440000", Outcome.SUCCESS, null, new Network(NetworkType.ETHERNET, null, null)));

        DistributionSummary failing = registry.get("posmon.signon.signal.loss")
                .tags("network", "4G", "outcome", "FAILURE")
                .summary();
        assertThat(failing.count()).isEqualTo(2);
        assertThat(failing.mean()).as("-101 and -99 dBm").isEqualTo(100.0);
        assertThat(registry.get("posmon.signon.signal.loss")
                        .tags("network", "4G", "outcome", "SUCCESS")
                        .summary()
                        .mean())
                .isEqualTo(70.0);
        assertThat(registry.find("posmon.signon.signal.loss")
                        .tag("network", "ETHERNET")
                        .summaries())
                .as("no signal reported, none recorded")
                .isEmpty();
    }

    private static ClassifiedAttempt attempt(String province, Outcome outcome, TransportError error, Network network) {
        return attempt(province, outcome, error, network, "ACQ-A");
    }

    private static ClassifiedAttempt attempt(
            String province, Outcome outcome, TransportError error, Network network, String acquirer) {
        SignOnAttempt attempt = new SignOnAttempt(
                UUID.randomUUID(),
                "T1",
                AT,
                "H1",
                outcome,
                outcome == Outcome.SUCCESS ? Stage.COMPLETE : Stage.CONNECT,
                outcome == Outcome.SUCCESS ? "00" : null,
                error,
                null,
                500,
                1,
                network,
                "3.2.1",
                "FW-7.4",
                null);
        return new ClassifiedAttempt(
                attempt,
                true,
                province,
                province,
                province,
                "M1",
                "P2000",
                "Acme",
                "H1",
                acquirer,
                "CUP",
                null,
                outcome == Outcome.SUCCESS ? null : Cause.NETWORK,
                null);
    }
}
