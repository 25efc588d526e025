package dev.posmon.alerting.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.cube.CubeCell;
import dev.posmon.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunningCellsTest {

    static final Instant W = Instant.parse("2026-11-26T08:00:00Z");

    private final MutableClock clock = new MutableClock(W.plusSeconds(20));
    private final RunningCells running = new RunningCells(Duration.ofSeconds(5), Duration.ofMinutes(3), clock);

    static CubeCell cell(String host, long attempts, long failures) {
        return new CubeCell(
                W,
                W.plusSeconds(60),
                "440000",
                host,
                "CMCC",
                "P2000",
                "FW-7.4",
                attempts,
                attempts - failures,
                failures,
                Map.of(),
                0,
                Map.of());
    }

    @Test
    void aWindowIsDueWhenItsCellsChangedAndAtMostOnceInTheInterval() {
        running.put(cell("H1", 10, 1));
        running.put(cell("H2", 10, 9));

        assertThat(running.due())
                .singleElement()
                .satisfies(due -> assertThat(due.cells()).hasSize(2));
        running.put(cell("H2", 20, 19));
        assertThat(running.due()).as("judged less than 5 s ago").isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(running.due())
                .singleElement()
                .satisfies(due ->
                        assertThat(due.cells()).extracting(CubeCell::attempts).containsExactlyInAnyOrder(10L, 20L));
        clock.advance(Duration.ofSeconds(5));
        assertThat(running.due()).as("nothing changed").isEmpty();
    }

    @Test
    void aLaterCellSupersedesAndAnOlderOneDoesNot() {
        running.put(cell("H1", 30, 3));
        running.put(cell("H1", 20, 2));
        assertThat(running.due())
                .singleElement()
                .satisfies(due -> assertThat(due.cells())
                        .singleElement()
                        .satisfies(c -> assertThat(c.attempts()).isEqualTo(30)));
    }

    @Test
    void aClosedOrLongEndedWindowIsForgotten() {
        running.put(cell("H1", 10, 1));
        running.closed(W);
        assertThat(running.due()).isEmpty();
        running.put(cell("H1", 10, 1));
        clock.advance(Duration.ofMinutes(5));
        assertThat(running.due()).isEmpty();
        assertThat(running.windows()).isZero();
    }
}
