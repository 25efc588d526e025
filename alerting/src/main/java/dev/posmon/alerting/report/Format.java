package dev.posmon.alerting.report;

import java.util.Locale;

/** How the report writes its figures for people (the HTML and the headlines); the JSON keeps the numbers. */
public final class Format {

    private Format() {}

    /** {@code 97.85 %}; a missing rate is a dash (the same in every language; the notes say why it is missing). */
    public static String pct(Double fraction) {
        return fraction == null ? "–" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    /** {@code +0.62 pt}, {@code −1.20 pt}. */
    public static String points(Double points) {
        if (points == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%s%.2f pt", points < 0 ? "−" : "+", Math.abs(points));
    }

    /** {@code 1,234,567}; a count not shown (an incident's failures over other acquirers too) is a dash. */
    public static String count(Long n) {
        return n == null ? "–" : String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 45 s}, {@code 2 min 10 s}, {@code 1 h 5 min}, {@code 2 d 3 h}. */
    public static String duration(Long seconds) {
        if (seconds == null) {
            return "–";
        }
        long s = Math.abs(seconds);
        String sign = seconds < 0 ? "−" : "";
        if (s < 60) {
            return sign + s + " s";
        }
        if (s < 3600) {
            return sign + (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        if (s < 86_400) {
            return sign + (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
        }
        return sign + (s / 86_400) + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + (s % 86_400 / 3600) + " h");
    }
}
