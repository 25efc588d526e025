package dev.posmon.ingest.source;

import dev.posmon.ingest.auth.Caller;
import dev.posmon.ingest.config.IngestConfig;
import dev.posmon.security.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One token bucket per ingest credential, counted in events; the admin is not limited. */
@ApplicationScoped
public class RateLimiter {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final IngestConfig config;
    private final Clock clock;

    public RateLimiter(IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Takes {@code events} tokens from the caller's bucket or throws a 429 with Retry-After. */
    public void take(Caller caller, int events) {
        if (caller.admin() || events == 0) {
            return;
        }
        int rate = caller.source().eventsPerSecond() != null
                ? caller.source().eventsPerSecond()
                : config.defaultEventsPerSecond();
        TokenBucket bucket = buckets.computeIfAbsent(
                caller.source().id() + "@" + rate,
                key -> new TokenBucket(rate, (double) rate * config.burstSeconds(), clock));
        long waitMillis = bucket.tryTake(events);
        if (waitMillis == Long.MAX_VALUE) {
            throw new ApiProblem(
                    Response.Status.TOO_MANY_REQUESTS.getStatusCode(),
                    "Too Many Requests",
                    "a batch of " + events + " events exceeds this credential's burst of "
                            + (long) rate * config.burstSeconds() + "; send smaller batches",
                    Map.of());
        }
        if (waitMillis > 0) {
            throw ApiProblem.retryAfter(
                    Response.Status.TOO_MANY_REQUESTS,
                    "rate limit of " + rate + " events/s for credential "
                            + caller.source().id() + " reached",
                    Math.max(1, (waitMillis + 999) / 1000));
        }
    }
}
