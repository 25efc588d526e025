package dev.posmon.analytics.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.posmon.contract.event.Network;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.json.ContractJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Random events for the readers' tests and timing: every optional field present or absent, strings with Unicode and
 * characters JSON escapes, numbers across their ranges; and their JSON as a client may post it (ingest forwards the
 * posted bytes): fields in any order, whitespace, escapes, {@code type} anywhere, instants with offsets.
 */
final class GeneratedEvents {

    private final SplittableRandom random;

    GeneratedEvents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    SignOnAttempt attempt() {
        return new SignOnAttempt(
                uuid(),
                text(),
                instant(),
                text(),
                pick(SignOnAttempt.Outcome.values()),
                pick(SignOnAttempt.Stage.values()),
                maybe() ? text() : null,
                maybe() ? pick(SignOnAttempt.TransportError.values()) : null,
                maybe() ? pick(SignOnAttempt.LocalError.values()) : null,
                maybe() ? integer() : null,
                maybe() ? integer() : null,
                network(),
                text(),
                text(),
                maybe() ? text() : null);
    }

    Telemetry telemetry() {
        return new Telemetry(
                uuid(),
                text(),
                instant(),
                maybe() ? integer() : null,
                maybe() ? random.nextBoolean() : null,
                maybe() ? network() : null,
                maybe() ? integer() : null,
                maybe() ? pick(Telemetry.Printer.values()) : null,
                maybe() ? integer() : null,
                maybe() ? random.nextBoolean() : null,
                maybe() ? random.nextBoolean() : null,
                maybe() ? integer() : null,
                maybe() ? (random.nextBoolean() ? random.nextLong() : (long) random.nextInt(100_000)) : null,
                maybe() ? integer() : null,
                maybe() ? text() : null,
                maybe() ? text() : null,
                maybe() ? new Telemetry.Location(number(), number(), maybe() ? number() : null) : null,
                maybe() ? pick(Telemetry.Display.values()) : null);
    }

    /** As the contract's mapper writes it (what the simulator, the tests and most clients post). */
    static byte[] json(Object event) {
        try {
            return ContractJson.mapper().writeValueAsBytes(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same event as a client might write it: reordered, spaced, escaped, its instant and UUID in other forms. */
    byte[] variant(Object event) {
        ObjectNode node = ContractJson.mapper().valueToTree(event);
        if (random.nextInt(4) == 0) {
            node.remove("type");
        }
        if (random.nextInt(3) == 0) {
            node.put(
                    "occurredAt",
                    otherInstantForm(Instant.parse(node.get("occurredAt").asText())));
        }
        if (random.nextInt(3) == 0) {
            node.put("eventId", node.get("eventId").asText().toUpperCase());
        }
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            for (int i = fields.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                var swap = fields.get(i);
                fields.set(i, fields.get(j));
                fields.set(j, swap);
            }
            out.append(space()).append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(space());
                string(fields.get(i).getKey(), out);
                out.append(space()).append(':').append(space());
                write(fields.get(i).getValue(), out);
                out.append(space());
            }
            out.append('}').append(space());
        } else if (node.isTextual()) {
            string(node.asText(), out);
        } else if (node.isDouble() && node.asDouble() == Math.rint(node.asDouble()) && random.nextBoolean()) {
            out.append((long) node.asDouble()); // 12 for 12.0: an integer token
        } else if (node.isDouble() && random.nextInt(4) == 0) {
            out.append(Double.toString(node.asDouble())); // 1.0E-5, 12.0
        } else {
            out.append(node.toString());
        }
    }

    private void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || random.nextInt(20) == 0) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (c == '/' && random.nextBoolean()) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private String space() {
        return switch (random.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            default -> "";
        };
    }

    private String otherInstantForm(Instant instant) {
        int fraction = random.nextInt(10);
        StringBuilder pattern = new StringBuilder("yyyy-MM-dd'T'HH:mm:ss");
        if (fraction > 0) {
            pattern.append('.').append("S".repeat(fraction));
        }
        ZoneOffset offset =
                random.nextBoolean() ? ZoneOffset.UTC : ZoneOffset.ofHoursMinutes(random.nextInt(-12, 15), 0);
        pattern.append(offset == ZoneOffset.UTC && random.nextBoolean() ? "'Z'" : "xxx");
        return DateTimeFormatter.ofPattern(pattern.toString()).format(instant.atOffset(offset));
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private Instant instant() {
        long second = random.nextLong(946_684_800L, 4_102_444_800L); // 2000 to 2100
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos);
    }

    private Network network() {
        return new Network(
                pick(Network.NetworkType.values()), maybe() ? text() : null, maybe() ? -random.nextInt(151) : null);
    }

    private Integer integer() {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextInt();
            default -> random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        };
    }

    private double number() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(-180, 181);
            case 1 -> random.nextDouble(-180, 180);
            case 2 -> Math.round(random.nextDouble(-90, 90) * 1e6) / 1e6;
            default -> random.nextDouble() * Math.pow(10, random.nextInt(-20, 20));
        };
    }

    /** Identifier-like mostly; sometimes any Unicode, with characters JSON must escape and surrogate pairs. */
    String text() {
        int length = 1 + random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        boolean wild = random.nextInt(4) == 0;
        for (int i = 0; i < length; i++) {
            if (!wild) {
                text.append("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-"
                        .charAt(random.nextInt(66)));
                continue;
            }
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20)); // control characters
                case 1 -> text.append("\"\\/".charAt(random.nextInt(3)));
                case 2 -> text.append((char) random.nextInt(0x4E00, 0x9FA5)); // CJK
                case 3 -> text.appendCodePoint(random.nextInt(0x1F300, 0x1F650)); // a surrogate pair
                case 4 -> text.append((char) random.nextInt(0x80, 0x800));
                default -> text.append((char) random.nextInt(0x20, 0x7F));
            }
        }
        return text.toString();
    }

    private boolean maybe() {
        return random.nextBoolean();
    }

    private <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }
}
