package dev.posmon.ingest.source;

import java.time.Clock;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in per second up to {@code capacity}; taking more
 * than are there is refused with the time until enough will be. One token is one event.
 */
public final class TokenBucket {

    private final double ratePerSecond;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private long lastRefillMillis;

    public TokenBucket(double ratePerSecond, double capacity, Clock clock) {
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.clock = clock;
        this.tokens = capacity;
        this.lastRefillMillis = clock.millis();
    }

    /** Takes {@code n} tokens and answers 0, or takes none and answers the milliseconds until n would be there. */
    public synchronized long tryTake(int n) {
        long now = clock.millis();
        tokens = Math.min(capacity, tokens + (now - lastRefillMillis) * ratePerSecond / 1000.0);
        lastRefillMillis = now;
        if (tokens >= n) {
            tokens -= n;
            return 0;
        }
        if (n > capacity) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil((n - tokens) * 1000.0 / ratePerSecond);
    }
}
