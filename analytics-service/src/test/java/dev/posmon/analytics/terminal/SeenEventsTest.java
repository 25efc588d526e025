package dev.posmon.analytics.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeenEventsTest {

    private static final long HORIZON = Duration.ofHours(49).toMillis();
    private static final long T0 = 1_780_000_000_000L;

    @Test
    void anAttemptSentAgainIsARepeatAtOnceAndADayLater() {
        SeenEvents seen = new SeenEvents();
        UUID first = UUID.randomUUID();
        assertThat(seen.firstTime(first, T0, HORIZON)).isTrue();
        for (int minute = 1; minute <= 24 * 60; minute++) {
            assertThat(seen.firstTime(UUID.randomUUID(), T0 + minute * 60_000L, HORIZON))
                    .isTrue();
        }
        assertThat(seen.firstTime(first, T0, HORIZON)).isFalse();
        assertThat(seen.firstTime(first, T0, HORIZON)).isFalse();
    }

    @Test
    void anotherAttemptAtTheSameMillisecondIsNotARepeat() {
        SeenEvents seen = new SeenEvents();
        assertThat(seen.firstTime(UUID.randomUUID(), T0, HORIZON)).isTrue();
        assertThat(seen.firstTime(UUID.randomUUID(), T0, HORIZON)).isTrue();
        assertThat(seen.size()).isEqualTo(2);
    }

    @Test
    void attemptsArrivingOutOfOrderAreAllRememberedAndSurviveTheBinaryForm() {
        SplittableRandom random = new SplittableRandom(7);
        SeenEvents seen = new SeenEvents();
        List<UUID> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            long at = T0 + random.nextLong(Duration.ofHours(30).toMillis());
            ids.add(id);
            times.add(at);
            assertThat(seen.firstTime(id, at, HORIZON)).isTrue();
        }
        BinaryOut out = new BinaryOut();
        seen.writeTo(out);
        SeenEvents read = SeenEvents.readFrom(new BinaryIn(out.toBytes()));
        assertThat(read.size()).isEqualTo(500);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(read.firstTime(ids.get(i), times.get(i), HORIZON))
                    .as("attempt %d", i)
                    .isFalse();
        }
    }

    @Test
    void attemptsOlderThanTheHorizonAreForgottenAndCountedWhenTheyCome() {
        SeenEvents seen = new SeenEvents();
        UUID old = UUID.randomUUID();
        assertThat(seen.firstTime(old, T0, HORIZON)).isTrue();
        assertThat(seen.firstTime(UUID.randomUUID(), T0 + HORIZON + 1, HORIZON)).isTrue();
        assertThat(seen.size()).isEqualTo(1);
        assertThat(seen.firstTime(old, T0, HORIZON)).isTrue();
        assertThat(seen.size()).isEqualTo(1);
    }

    @Test
    void aTerminalRetryingWithoutPauseKeepsItsLatestAttemptsOnly() {
        SeenEvents seen = new SeenEvents();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < SeenEvents.MAX + 10; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            seen.firstTime(id, T0 + i * 1_000L, HORIZON);
        }
        assertThat(seen.size()).isEqualTo(SeenEvents.MAX);
        assertThat(seen.firstTime(ids.get(ids.size() - 1), T0 + (ids.size() - 1) * 1_000L, HORIZON))
                .isFalse();
        assertThat(seen.firstTime(ids.get(SeenEvents.MAX / 2), T0 + SeenEvents.MAX / 2 * 1_000L, HORIZON))
                .isFalse();
    }
}
