package dev.posmon.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-26T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
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
        clock.now = clock.now.plus(Duration.ofMillis(500));
        assertThat(bucket.tryTake(50)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void neverFillsBeyondCapacity() {
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(bucket.tryTake(200)).isZero();
        assertThat(bucket.tryTake(1)).isPositive();
    }

    @Test
    void aRequestLargerThanCapacityCanNeverPass() {
        assertThat(bucket.tryTake(201)).isEqualTo(Long.MAX_VALUE);
    }
}
