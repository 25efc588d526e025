package dev.posmon.ingest.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one clock of the service's beans; plain classes take theirs from the caller (tests pass a fixed one). */
public final class SystemClock {

    SystemClock() {}

    @Produces
    @Singleton
    static Clock utc() {
        return Clock.systemUTC();
    }
}
