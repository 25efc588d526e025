package dev.posmon.analytics.event;

/**
 * A record as read from a topic: its contract value, or — for a poison record — the raw bytes and why it
 * could not be used.
 */
public record Decoded<T>(T value, byte[] raw, String reason) {

    public static <T> Decoded<T> valid(T value) {
        return new Decoded<>(value, null, null);
    }

    public static <T> Decoded<T> poison(byte[] raw, String reason) {
        return new Decoded<>(null, raw, reason);
    }

    public boolean isValid() {
        return value != null;
    }
}
