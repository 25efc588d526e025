package dev.posmon.analytics.terminal;

import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import dev.posmon.contract.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary form of a {@link TerminalEntry}: a version byte ({@link #VERSION}), the state (a presence byte, then its fields: strings
 * as length-prefixed UTF-8, times as varints of epoch milliseconds, enums by name; the recent attempts each as a
 * length-prefixed blob, decoded only when read: {@link RecentAttempts}), the latest telemetry (its time and
 * {@link TelemetryCodec}'s bytes), then {@link SeenEvents} and the time up to which the old dedup store is also asked. Written by
 * hand: the Smile (binary JSON) form of the state alone was most of the per-terminal step's CPU, about 9 % of
 * analytics' in all.
 */
public final class TerminalEntrySerde implements Serde<TerminalEntry> {

    /**
     * 2: the latest telemetry in {@link TelemetryCodec}'s form. 1: as its JSON, read and turned into the form of 2 (an
     * entry written by an earlier version is read, and written again as 2 at the terminal's next event).
     */
    static final int VERSION = 2;

    private static final int JSON_TELEMETRY = 1;

    @Override
    public Serializer<TerminalEntry> serializer() {
        return (topic, entry) -> entry == null ? null : write(entry);
    }

    @Override
    public Deserializer<TerminalEntry> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    /**
     * Each stream thread's buffer for the entry it writes: a new 1 KB buffer per event, zeroed and then copied to the
     * entry's size, showed as the first write into it (1.5 % of the stream threads' samples).
     */
    private static final ThreadLocal<BinaryOut> BUFFER = ThreadLocal.withInitial(() -> new BinaryOut(1024));

    static byte[] write(TerminalEntry entry) {
        BinaryOut out = BUFFER.get();
        out.reset();
        out.byte8(VERSION);
        TerminalState s = entry.state();
        out.byte8(s == null ? 0 : 1);
        if (s != null) {
            out.string(s.terminalId());
            out.string(s.province());
            out.string(s.hostId());
            out.time(millis(s.lastAttemptAt()));
            out.time(millis(s.lastSuccessAt()));
            out.time(millis(s.firstFailureAt()));
            out.varint(s.consecutiveFailures());
            out.string(name(s.currentCause()));
            out.varint(s.recentSignOns().size());
            s.recentSignOns().forEach(at -> out.time(at.toEpochMilli()));
            out.string(name(s.health()));
            out.time(millis(s.healthSince()));
            RecentAttempts.of(s.recentAttempts()).writeTo(out);
        }
        out.time(entry.telemetryAt());
        out.blob(entry.telemetry());
        entry.seen().writeTo(out);
        out.time(entry.legacySeenUpTo());
        return out.toBytes();
    }

    /** One attempt; its occurredAt first, which {@link RecentAttempts} reads without decoding the rest. */
    static void writeAttempt(BinaryOut out, AttemptSummary a) {
        out.time(millis(a.occurredAt()));
        out.string(a.eventId());
        out.string(a.hostId());
        out.string(a.outcome());
        out.string(a.stage());
        out.string(a.responseCode());
        out.string(a.transportError());
        out.string(a.localError());
        out.byte8(a.signalDbm() == null ? 0 : 1);
        if (a.signalDbm() != null) {
            out.zigzag(a.signalDbm());
        }
        out.string(a.appVersion());
        out.string(a.firmwareVersion());
        out.string(name(a.cause()));
        Evidence evidence = a.evidence();
        out.byte8(evidence == null ? 0 : 1);
        if (evidence != null) {
            out.string(evidence.rule());
            out.varint(evidence.fields().size());
            evidence.fields().forEach((field, value) -> {
                out.string(field);
                out.string(value);
            });
        }
    }

    static TerminalEntry read(byte[] bytes) {
        try {
            BinaryIn in = new BinaryIn(bytes);
            int version = in.byte8();
            if (version != VERSION && version != JSON_TELEMETRY) {
                throw new SerializationException("terminals store value of version " + version + ", this version reads "
                        + JSON_TELEMETRY + " and " + VERSION);
            }
            TerminalState state = in.byte8() == 0 ? null : readState(in);
            long telemetryAt = in.time();
            byte[] telemetry = in.blob();
            if (version == JSON_TELEMETRY && telemetry != null) {
                telemetry = TelemetryCodec.encode(Topics.DEVICE_TELEMETRY
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.DEVICE_TELEMETRY.name(), telemetry));
            }
            SeenEvents seen = SeenEvents.readFrom(in);
            return new TerminalEntry(state, telemetryAt, telemetry, seen, in.time());
        } catch (RuntimeException e) {
            throw e instanceof SerializationException
                    ? e
                    : new SerializationException("malformed terminals store value", e);
        }
    }

    private static TerminalState readState(BinaryIn in) {
        String terminalId = in.string();
        String province = in.string();
        String hostId = in.string();
        Instant lastAttemptAt = instant(in.time());
        Instant lastSuccessAt = instant(in.time());
        Instant firstFailureAt = instant(in.time());
        int consecutiveFailures = in.varint();
        Cause currentCause = cause(in.string());
        int signOns = in.varint();
        List<Instant> recentSignOns = new ArrayList<>(signOns);
        for (int i = 0; i < signOns; i++) {
            recentSignOns.add(instant(in.time()));
        }
        String health = in.string();
        Instant healthSince = instant(in.time());
        RecentAttempts recentAttempts = RecentAttempts.readFrom(in);
        return new TerminalState(
                terminalId,
                province,
                hostId,
                lastAttemptAt,
                lastSuccessAt,
                firstFailureAt,
                consecutiveFailures,
                currentCause,
                recentSignOns,
                health == null ? Health.OK : Health.valueOf(health),
                healthSince,
                recentAttempts);
    }

    static AttemptSummary readAttempt(BinaryIn in) {
        Instant occurredAt = instant(in.time());
        String eventId = in.string();
        String hostId = in.string();
        String outcome = in.string();
        String stage = in.string();
        String responseCode = in.string();
        String transportError = in.string();
        String localError = in.string();
        Integer signalDbm = in.byte8() == 0 ? null : (int) in.zigzag();
        String appVersion = in.string();
        String firmwareVersion = in.string();
        Cause cause = cause(in.string());
        Evidence evidence = null;
        if (in.byte8() != 0) {
            String rule = in.string();
            int size = in.varint();
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                fields.put(in.string(), in.string());
            }
            evidence = new Evidence(rule, fields);
        }
        return new AttemptSummary(
                eventId,
                occurredAt,
                hostId,
                outcome,
                stage,
                responseCode,
                transportError,
                localError,
                signalDbm,
                appVersion,
                firmwareVersion,
                cause,
                evidence);
    }

    private static long millis(Instant at) {
        return at == null ? Long.MIN_VALUE : at.toEpochMilli();
    }

    private static Instant instant(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** A cause by name; a name this version does not know reads as UNKNOWN rather than failing the task. */
    private static Cause cause(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Cause.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Cause.UNKNOWN;
        }
    }
}
