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
import java.util.UUID;
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
     * 3: each recent attempt's eventId as its 16 bytes and its outcome, stage, errors and cause as {@link NameCodes}
     * (an attempt about 60 bytes shorter, an entry a third). 2: the latest telemetry in {@link TelemetryCodec}'s form,
     * the attempts' eventIds and names as strings. 1: the telemetry as its JSON. An entry of 1 or 2 is read (its
     * attempts turned into the form of 3 at once) and written again as 3 at the terminal's next event.
     */
    static final int VERSION = 3;

    private static final int JSON_TELEMETRY = 1;
    private static final int NAMES_AS_STRINGS = 2;
    private static final int ID_AS_STRING = 0;
    private static final int ID_AS_UUID = 1;

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
        eventId(out, a.eventId());
        out.string(a.hostId());
        NameCodes.OUTCOMES.write(out, a.outcome());
        NameCodes.STAGES.write(out, a.stage());
        out.string(a.responseCode());
        NameCodes.TRANSPORT_ERRORS.write(out, a.transportError());
        NameCodes.LOCAL_ERRORS.write(out, a.localError());
        out.byte8(a.signalDbm() == null ? 0 : 1);
        if (a.signalDbm() != null) {
            out.zigzag(a.signalDbm());
        }
        out.string(a.appVersion());
        out.string(a.firmwareVersion());
        NameCodes.CAUSES.write(out, name(a.cause()));
        writeEvidence(out, a.evidence());
    }

    /** An eventId in its canonical form (what terminals send: lower-case hex) as its 16 bytes, any other as a string. */
    private static void eventId(BinaryOut out, String id) {
        long[] halves = canonicalUuid(id);
        if (halves == null) {
            out.byte8(ID_AS_STRING);
            out.string(id);
        } else {
            out.byte8(ID_AS_UUID);
            out.int64(halves[0]);
            out.int64(halves[1]);
        }
    }

    /** The two halves of a UUID written as {@link UUID#toString} writes it, else null. */
    static long[] canonicalUuid(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        long most = 0;
        long least = 0;
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (digit < 0) {
                return null;
            }
            if (i < 19) {
                most = most << 4 | digit;
            } else {
                least = least << 4 | digit;
            }
        }
        return new long[] {most, least};
    }

    private static void writeEvidence(BinaryOut out, Evidence evidence) {
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
            if (version < JSON_TELEMETRY || version > VERSION) {
                throw new SerializationException("terminals store value of version " + version + ", this version reads "
                        + JSON_TELEMETRY + " to " + VERSION);
            }
            TerminalState state = in.byte8() == 0 ? null : readState(in, version);
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

    private static TerminalState readState(BinaryIn in, int version) {
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
        RecentAttempts recentAttempts = RecentAttempts.readFrom(in, version <= NAMES_AS_STRINGS);
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

    /** An attempt as {@link #writeAttempt} writes it. */
    static AttemptSummary readAttempt(BinaryIn in) {
        return readAttempt(in, false);
    }

    /** An attempt as versions 1 and 2 wrote it: the eventId and the names as strings. */
    static AttemptSummary readAttemptWithNames(BinaryIn in) {
        return readAttempt(in, true);
    }

    private static AttemptSummary readAttempt(BinaryIn in, boolean withNames) {
        Instant occurredAt = instant(in.time());
        String eventId = withNames
                ? in.string()
                : in.byte8() == ID_AS_UUID ? new UUID(in.int64(), in.int64()).toString() : in.string();
        String hostId = in.string();
        String outcome = name(in, withNames, NameCodes.OUTCOMES);
        String stage = name(in, withNames, NameCodes.STAGES);
        String responseCode = in.string();
        String transportError = name(in, withNames, NameCodes.TRANSPORT_ERRORS);
        String localError = name(in, withNames, NameCodes.LOCAL_ERRORS);
        Integer signalDbm = in.byte8() == 0 ? null : (int) in.zigzag();
        String appVersion = in.string();
        String firmwareVersion = in.string();
        Cause cause = cause(name(in, withNames, NameCodes.CAUSES));
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
                readEvidence(in));
    }

    private static String name(BinaryIn in, boolean spelled, NameCodes codes) {
        return spelled ? in.string() : codes.read(in);
    }

    private static Evidence readEvidence(BinaryIn in) {
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
        return evidence;
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
