package dev.posmon.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.posmon.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T00:00:00Z"));
    private final TokenBucket bucket = new TokenBucket(100, 200, clock);

    @Test
    void allowsABurstUpToCapacity() {
        assertThat(bucket.tryTake(200)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void refusesWithTheTimeUntilEnoughTokens() {
        bucket.tryTake(200);
        assertThat(bucket.tryTake(50)).isEqualTo(500);
    }

    @Test
    void refillsAtTheRate() {
        bucket.tryTake(200);
        clock.advance(Duration.ofMillis(500));
        assertThat(bucket.tryTake(50)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void neverFillsBeyondCapacity() {
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.tryTake(200)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void aRequestLargerThanCapacityCanNeverPass() {
        assertThat(bucket.tryTake(201)).isEqualTo(Long.MAX_VALUE);
    }
}
