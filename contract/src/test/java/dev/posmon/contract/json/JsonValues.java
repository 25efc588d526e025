package dev.posmon.contract.json;

import java.time.Instant;
import java.util.SplittableRandom;

/** Values for the tests that hold a hand-written JSON writer ({@link JsonBytes}) to databind's bytes. */
public final class JsonValues {

    private JsonValues() {}

    public static Instant instant(SplittableRandom random) {
        long second = switch (random.nextInt(5)) {
            case 0 -> random.nextLong(-100_000_000_000L, 300_000_000_000L); // years -1200 to 11500
            default -> random.nextLong(1_700_000_000L, 1_900_000_000L);
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nanos);
    }

    /**
     * Printable ASCII, CJK, other two- and three-byte UTF-8 mostly (written by hand, except a quote or a backslash);
     * sometimes control characters, U+007F, U+2028, emoji and lone surrogates (left to databind).
     */
    public static String text(SplittableRandom random) {
        int length = random.nextInt(20);
        StringBuilder text = new StringBuilder();
        boolean wild = random.nextInt(8) == 0;
        for (int i = 0; i < length; i++) {
            if (!wild) {
                switch (random.nextInt(9)) {
                    case 0 -> text.append((char) random.nextInt(0x4E00, 0x9FA5));
                    case 1 -> text.append((char) random.nextInt(0x80, 0x800));
                    case 2 -> text.append((char) random.nextInt(0xE000, 0x10000));
                    default -> text.append((char) random.nextInt(0x20, 0x7F));
                }
                continue;
            }
            switch (random.nextInt(7)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1 -> text.append("\"\\/\u007f\u2028\u2029".charAt(random.nextInt(6)));
                case 2 -> text.append((char) random.nextInt(0x4E00, 0x9FA5));
                case 3 -> text.appendCodePoint(random.nextInt(0x1F300, 0x1F650));
                case 4 -> text.append((char) random.nextInt(0x80, 0x800));
                case 5 -> text.append((char) random.nextInt(0xD800, 0xE000)); // a lone surrogate
                default -> text.append((char) random.nextInt(0x20, 0x7F));
            }
        }
        return text.toString();
    }

    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
