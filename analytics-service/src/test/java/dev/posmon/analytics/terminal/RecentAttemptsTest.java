package dev.posmon.analytics.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentAttemptsTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void keepsTheNewestFirstAndDecodesThemEqual() {
        RecentAttempts recent = RecentAttempts.none();
        List<AttemptSummary> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AttemptSummary attempt = attempt("e" + i, T0.plusSeconds(i * 10L));
            all.add(attempt);
            recent = recent.with(attempt, 5);
        }
        assertThat(recent).containsExactly(all.get(7), all.get(6), all.get(5), all.get(4), all.get(3));
    }

    @Test
    void anAttemptArrivingLateGoesInItsPlaceAndIsKeptLikeTheListSortedBefore() {
        SplittableRandom random = new SplittableRandom(3);
        RecentAttempts recent = RecentAttempts.none();
        List<AttemptSummary> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            AttemptSummary attempt = attempt("e" + i, T0.plusSeconds(random.nextInt(60)));
            // what the state machine did before: this attempt and the first keep-1 kept, sorted newest first (stable)
            List<AttemptSummary> next = new ArrayList<>();
            next.add(attempt);
            next.addAll(expected.subList(0, Math.min(4, expected.size())));
            next.sort(Comparator.comparing(AttemptSummary::occurredAt).reversed());
            expected = next;
            recent = recent.with(attempt, 5);
            assertThat(recent).as("after attempt %d", i).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void survivesTheStoreFormat() {
        RecentAttempts recent = RecentAttempts.of(List.of(attempt("b", T0.plusSeconds(5)), attempt("a", T0)));
        BinaryOut out = new BinaryOut();
        recent.writeTo(out);
        RecentAttempts read = RecentAttempts.readFrom(new BinaryIn(out.toBytes()), false);
        assertThat(read).isEqualTo(recent).containsExactlyElementsOf(recent);
        assertThat(read.with(attempt("c", T0.plusSeconds(1)), 5))
                .extracting(AttemptSummary::eventId)
                .containsExactly("b", "c", "a");
    }

    private static AttemptSummary attempt(String id, Instant at) {
        return new AttemptSummary(
                id,
                at,
                "H1",
                "FAILURE",
                "AUTH",
                "96",
                null,
                null,
                -80,
                "3.2.1",
                "FW-7.4",
                Cause.HOST_UNAVAILABLE,
                new Evidence("CODE_TABLE", Map.of("responseCode", "96")));
    }
}
