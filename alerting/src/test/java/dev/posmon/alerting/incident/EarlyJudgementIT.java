package dev.posmon.alerting.incident;

import static dev.posmon.alerting.incident.AlertingIT.alertsFor;
import static dev.posmon.alerting.incident.AlertingIT.awaitIncident;
import static dev.posmon.alerting.incident.AlertingIT.incidentsOf;
import static dev.posmon.alerting.incident.AlertingIT.send;
import static dev.posmon.alerting.incident.AlertingIT.windows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.alerting.AlertingRunResource;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.cube.CubeCell;
import dev.posmon.contract.topic.Topics;
import dev.posmon.testing.KafkaTestResource;
import dev.posmon.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Early judgement through the real broker, PostgreSQL and Alertmanager: after a host's normal windows, the running cells
 * of the window still open (what analytics sends every few seconds on {@code signon.cube.running.v1}) show the host
 * failing; the incident opens and the page reaches Alertmanager before any closed cell of that window exists; when the
 * window closes, it is the same incident. Running cells of a quiet window open nothing.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(AlertingRunResource.class)
class EarlyJudgementIT {

    final Random random = new Random(17);

    @Test
    void aHostOutageInAnOpenWindowPagesBeforeTheWindowClosesAndStaysOneIncident() throws Exception {
        String host = "HE-" + UUID.randomUUID().toString().substring(0, 6);
        String quietHost = "HQ-" + UUID.randomUUID().toString().substring(0, 6);
        send(windows(random, host, 15, 0.02));
        send(windows(random, quietHost, 15, 0.02));
        Instant open = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        sendRunning(running(open, quietHost, 0.02));
        sendRunning(running(open, host, 0.95));

        JsonNode incident = awaitIncident(host, "OPEN");
        assertThat(incident.get("kind").asText()).isEqualTo("HOST_OUTAGE");
        assertThat(Instant.parse(incident.get("onset").asText())).isEqualTo(open);
        String id = incident.get("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alertsFor(id))
                        .singleElement()
                        .satisfies(alert ->
                                assertThat(alert.at("/status/state").asText()).isEqualTo("active")));
        assertThat(incidentsOf(quietHost))
                .as("a quiet window's counts so far open nothing")
                .isEmpty();

        List<CubeCell> closed = running(open, host, 0.95).stream()
                .map(c -> new CubeCell(
                        c.windowStart(),
                        c.windowEnd(),
                        c.province(),
                        c.host(),
                        c.carrier(),
                        c.model(),
                        c.firmware(),
                        c.attempts() * 4,
                        c.successes() * 4,
                        c.failures() * 4,
                        Map.of(Cause.HOST_UNAVAILABLE, c.failures() * 4),
                        c.failures() * 4,
                        Map.of("91", c.failures() * 4)))
                .toList();
        send(closed);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(incidentsOf(host))
                        .singleElement()
                        .satisfies(i -> assertThat(i.get("failures").asLong())
                                .as("the closed window counted into the same incident")
                                .isGreaterThan(incident.get("failures").asLong())));
    }

    /** The counts so far of one window (a quarter of a minute's attempts) of the host's cells in five provinces and two carriers. */
    List<CubeCell> running(Instant windowStart, String host, double ratio) {
        List<CubeCell> cells = new ArrayList<>();
        for (String province : AlertingIT.PROVINCES) {
            for (String carrier : new String[] {"CMCC", "CUCC"}) {
                cells.add(AlertingIT.cell(
                        random, windowStart, province, host, carrier, 10, ratio, Cause.HOST_UNAVAILABLE, "91"));
            }
        }
        return cells;
    }

    static void sendRunning(List<CubeCell> cells) {
        KafkaTestResource.send(Topics.SIGNON_CUBE_RUNNING, CubeCell::key, cells);
    }
}
