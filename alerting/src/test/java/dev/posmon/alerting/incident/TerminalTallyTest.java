package dev.posmon.alerting.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.contract.cube.TerminalSet;
import java.util.stream.LongStream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class TerminalTallyTest {

    private static WindowTerminals failing(long from, long to) {
        TerminalSet set = TerminalSet.ofHashes(
                LongStream.range(from, to).map(i -> TerminalSet.hash("T-" + i)).toArray());
        return new WindowTerminals(set, set, TerminalSet.EMPTY, set.size());
    }

    @Test
    void isExactBelowTheLimitAndSurvivesItsBytes() {
        TerminalTally tally = TerminalTally.NONE.hit(failing(0, 1_000)).hit(failing(500, 1_500));

        assertThat(tally.affected()).isEqualTo(1_500);
        assertThat(tally.stillFailing()).isEqualTo(1_500);
        assertThat(tally.estimated()).isFalse();
        TerminalTally read = TerminalTally.fromBytes(tally.toBytes());
        assertThat(read).isEqualTo(tally);
        assertThat(read.affected()).isEqualTo(1_500);
    }

    @Test
    void estimatesAboveTheLimitWithinTwoPercent() {
        int windows = 3;
        int perWindow = TerminalTally.EXACT_LIMIT / 2 + 10_000;
        TerminalTally tally = TerminalTally.NONE;
        for (int w = 0; w < windows; w++) {
            // overlapping windows: half of each window's terminals failed in the one before
            tally = tally.hit(failing((long) w * perWindow / 2, (long) w * perWindow / 2 + perWindow));
        }
        long truth = (long) (windows - 1) * perWindow / 2 + perWindow;

        assertThat(tally.estimated()).isTrue();
        assertThat((double) tally.affected()).isCloseTo(truth, Percentage.withPercentage(2));
        assertThat(TerminalTally.fromBytes(tally.toBytes()).affected()).isEqualTo(tally.affected());
    }

    @Test
    void aRowFromBeforeTheSetsKeepsItsCountAsAFloor() {
        assertThat(TerminalTally.fromBytes(null)).isSameAs(TerminalTally.NONE);
        assertThat(TerminalTally.ofCount(53).hit(failing(0, 10)).affected()).isEqualTo(53);
    }
}
