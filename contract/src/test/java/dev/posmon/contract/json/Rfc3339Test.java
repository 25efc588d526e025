package dev.posmon.contract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26T15:59:30+08:00",
                "2026-11-26T07:59:30Z",
                "2026-11-26T07:59:30.1Z",
                "2026-11-26T07:59:30.123456789Z",
                "2026-11-26T07:59:30.120-05:30",
                "2024-02-29T23:59:59Z",
                "0000-01-01T00:00:00Z",
                "2026-11-26T07:59:30-00:00",
                "2026-11-26T07:59:30+17:59",
                "2026-11-26T07:59:30+18:00",
                "2026-11-26t07:59:30z",
                "2026-11-26T07:59:30+0800",
                "2026-11-26T07:59:30+08:00:15",
                "2026-11-26T07:59:30.Z",
                "2026-11-26T07:59:30.1234567890Z",
                "2026-11-26T07:59Z",
                "2025-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-26T24:00:00Z",
                "2026-11-26T23:60:00Z",
                "2026-11-26T23:59:60Z",
                "2026-11-26T07:59:30",
                "2026-11-26 07:59:30Z",
                "+12026-11-26T07:59:30Z",
                "2026-1-26T07:59:30Z",
                "2026-11-26T07:59:30+08:60",
                "2026-11-26T07:59:30+25:00",
                "2026-11-26T07:59:30 Z",
                "",
                "Z"
            })
    void readsEveryInputAsTheFormatterDoes(String text) {
        assertSameAsFormatter(text);
    }

    @Test
    void randomValidTimestampsInTheCommonShapeTakeTheFastPathAndAgree() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String fraction = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "." + (random.nextInt(900) + 100);
                case 2 -> "." + random.nextInt(10);
                default -> String.format(".%09d", random.nextInt(1_000_000_000));
            };
            int offsetMinutes = random.nextInt(2) == 0 ? 0 : random.nextInt(2 * 17 * 60 + 1) - 17 * 60;
            String offset = offsetMinutes == 0 && random.nextBoolean()
                    ? "Z"
                    : String.format(
                            "%s%02d:%02d",
                            offsetMinutes < 0 ? "-" : "+", Math.abs(offsetMinutes) / 60, Math.abs(offsetMinutes) % 60);
            String text = String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                    1970 + random.nextInt(100),
                    1 + random.nextInt(12),
                    1 + random.nextInt(28),
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60),
                    fraction,
                    offset);
            assertThat(Rfc3339.fast(text))
                    .as(text)
                    .isNotNull()
                    .isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    private static void assertSameAsFormatter(String text) {
        Instant expected;
        try {
            expected = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            assertThat(Rfc3339.fast(text)).as("fast path of %s", text).isNull();
            assertThatThrownBy(() -> Rfc3339.parse(text))
                    .as(text)
                    .isInstanceOf(e.getClass())
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }
}
