package dev.posmon.analytics.diagnosis;

import dev.posmon.analytics.classify.CodeTables;
import dev.posmon.analytics.terminal.TerminalRules;
import dev.posmon.analytics.terminal.TerminalState;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import dev.posmon.contract.registry.Regions;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link Diagnosis} from a terminal's state, registry record and telemetry: the remedies of the
 * field guide (check or switch the network, wait for the announced maintenance to end, sign on again,
 * ask the acquirer to register the terminal or unfreeze the merchant, replace the reader, update the app), in the
 * caller's {@link Language} from the bundles {@code advice.properties} and {@code advice_zh_CN.properties}, with the
 * times a merchant reads on the terminal's own clock. Plain class.
 */
public final class Remedies {

    private Remedies() {}

    public static Diagnosis diagnose(
            String terminalId,
            TerminalState state,
            TerminalRecord terminal,
            Telemetry telemetry,
            Instant now,
            String answeredBy,
            Language language,
            CodeTables codeTables) {
        Texts texts = Texts.of(Remedies.class, "advice", language);
        String province = terminal == null ? null : Regions.provinceName(terminal.regionCode(), language);
        String city = terminal == null ? null : Regions.cityName(terminal.regionCode(), language);
        String place = terminal == null ? null : Regions.place(terminal.regionCode(), language);
        if (state == null) {
            String kind = terminal == null ? "unknown" : "silent";
            Advice advice = new Advice(
                    texts.get(kind + ".summary", terminalId),
                    texts.get(kind + ".merchant"),
                    texts.get(kind + ".support", terminalId));
            return new Diagnosis(
                    terminalId,
                    terminal != null,
                    terminal,
                    province,
                    city,
                    place,
                    "NO_ATTEMPTS_SEEN",
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    0,
                    List.of(),
                    telemetry,
                    advice,
                    language.tag(),
                    answeredBy);
        }
        int recentSignOns = (int) state.recentSignOns().stream()
                .filter(at -> !at.isBefore(now.minus(TerminalRules.RECENT)))
                .count();
        String status = switch (state.health()) {
            case STUCK -> "STUCK";
            case SIGNON_LOOP -> "SIGNON_LOOP";
            case OK -> state.consecutiveFailures() > 0 ? "FAILING" : "SIGNING_ON";
        };
        Advice advice = advise(state, terminal, telemetry, recentSignOns, texts, codeTables);
        Optional<RetryStorm> storm = RetryStorm.of(state);
        Instant since = state.health() != Health.OK
                ? state.healthSince()
                : state.consecutiveFailures() > 0 ? state.firstFailureAt() : state.lastSuccessAt();
        return new Diagnosis(
                terminalId,
                terminal != null,
                terminal,
                province,
                city,
                place,
                status,
                since,
                state.lastAttemptAt(),
                state.lastSuccessAt(),
                state.consecutiveFailures(),
                state.currentCause(),
                storm.orElse(null),
                recentSignOns,
                state.recentAttempts(),
                telemetry,
                storm.map(s -> storming(advice, s, terminal, texts)).orElse(advice),
                language.tag(),
                answeredBy);
    }

    /** The advice with what a retry storm adds: its cadence, and that the terminal should be left alone. */
    private static Advice storming(Advice advice, RetryStorm storm, TerminalRecord terminal, Texts texts) {
        String since = localTime(storm.since().toString(), terminal, texts, false);
        return new Advice(
                advice.summary() + texts.get("storm.summary", storm.everySeconds(), storm.failedAttempts(), since),
                advice.merchant() + texts.get("storm.merchant"),
                advice.support() + texts.get("storm.support"));
    }

    static Advice advise(
            TerminalState state,
            TerminalRecord terminal,
            Telemetry telemetry,
            int recentSignOns,
            Texts texts,
            CodeTables codeTables) {
        if (state.health() == Health.SIGNON_LOOP) {
            String app = state.recentAttempts().isEmpty()
                    ? ""
                    : texts.get("loop.app", state.recentAttempts().get(0).appVersion());
            return new Advice(
                    texts.get("loop.summary", recentSignOns, app),
                    texts.get("loop.merchant"),
                    texts.get("loop.support", app));
        }
        if (state.consecutiveFailures() == 0) {
            Optional<Telemetry.Display> anomaly = displayAnomaly(telemetry);
            if (anomaly.isPresent()) {
                String d = "display." + anomaly.get().name();
                return new Advice(
                        texts.get(
                                d + ".summary", localTime(telemetry.occurredAt().toString(), terminal, texts, false)),
                        texts.get(d + ".merchant"),
                        texts.get(
                                d + ".support",
                                terminal == null ? "?" : terminal.merchantId(),
                                telemetry.appVersion() == null ? "?" : telemetry.appVersion()));
            }
            return new Advice(texts.get("ok.summary"), texts.get("ok.merchant"), texts.get("ok.support"));
        }
        AttemptSummary last = state.recentAttempts().stream()
                .filter(a -> "FAILURE".equals(a.outcome()))
                .findFirst()
                .orElse(null);
        Map<String, String> evidence = last == null || last.evidence() == null
                ? Map.of()
                : last.evidence().fields();
        String host = last == null ? texts.get("host.unnamed") : texts.get("host.named", last.hostId());
        String failing = texts.get("failing", state.consecutiveFailures());
        Cause cause = state.currentCause() == null ? Cause.UNKNOWN : state.currentCause();
        String code = code(evidence, texts, codeTables);
        String c = cause.name();
        return switch (cause) {
            case NETWORK -> {
                if (evidence.containsKey("worksEnd")) {
                    String end = localTime(evidence.get("worksEnd"), terminal, texts, true);
                    yield new Advice(
                            texts.get(c + ".works.summary", failing, end),
                            texts.get(c + ".works.merchant", end),
                            texts.get(c + ".works.support", evidence.get("worksWindow"), end));
                }
                yield advice(texts, c, List.of(failing, signal(evidence, texts)), List.of());
            }
            case HOST_UNAVAILABLE -> advice(texts, c, List.of(failing, host, code), List.of(host));
            case HOST_MAINTENANCE -> {
                if (evidence.containsKey("windowEnd")) {
                    String end = localTime(evidence.get("windowEnd"), terminal, texts, true);
                    yield new Advice(
                            texts.get(c + ".announced.summary", failing, host, end),
                            texts.get(c + ".announced.merchant", end),
                            texts.get(c + ".announced.support", evidence.get("windowId"), end));
                }
                yield advice(texts, c, List.of(failing, host, code), List.of(host));
            }
            case HOST_ROUTING -> advice(texts, c, List.of(failing, host, code), List.of(host));
            case KEY_MAC, TERMINAL_STATE, UNKNOWN -> advice(texts, c, List.of(failing, code), List.of());
            case TERMINAL_NOT_REGISTERED -> advice(texts, c, List.of(failing, code), List.of(state.terminalId()));
            case MERCHANT_ACCOUNT -> {
                String account = terminal != null
                        ? texts.get("merchant." + terminal.merchantStatus().name())
                        : texts.get("merchant.unusable");
                yield advice(
                        texts,
                        c,
                        List.of(failing, account, code),
                        List.of(terminal != null ? terminal.merchantId() : ""));
            }
            case SOFTWARE ->
                "MERCHANT_NAME_MISMATCH".equals(evidence.get("localError"))
                        ? new Advice(
                                texts.get(c + ".merchantName.summary", failing),
                                texts.get(c + ".merchantName.merchant"),
                                texts.get(c + ".merchantName.support", terminal == null ? "?" : terminal.merchantId()))
                        : advice(
                                texts,
                                c,
                                List.of(failing, local(evidence, texts), code),
                                List.of(last == null ? "?" : last.appVersion()));
            case HARDWARE ->
                new Advice(
                        texts.get(c + ".summary", failing, local(evidence, texts)),
                        texts.get(c + ".merchant"),
                        evidence.containsKey("cardReaderErrors")
                                        || "CARD_READER_FAULT".equals(evidence.get("localError"))
                                ? texts.get(c + ".support.reader")
                                : "DISPLAY_FAULT".equals(evidence.get("localError"))
                                        ? texts.get(c + ".support.display")
                                        : texts.get(c + ".support"));
            case OPERATOR -> advice(texts, c, List.of(failing), List.of());
        };
    }

    /** The advice of a cause: its summary, merchant and support texts with their arguments. */
    private static Advice advice(Texts texts, String cause, List<Object> summary, List<Object> support) {
        return new Advice(
                texts.get(cause + ".summary", summary.toArray()),
                texts.get(cause + ".merchant"),
                texts.get(cause + ".support", support.toArray()));
    }

    /**
     * An instant as a merchant reads it: the minute on the terminal's own clock (rounded up where it is a time to wait
     * for, so that whoever waits until then is not early), with "Beijing time" for China's zone and the UTC offset for
     * any other; UTC where the terminal or its zone is unknown.
     */
    static String localTime(String instant, TerminalRecord terminal, Texts texts, boolean roundUp) {
        Instant at;
        try {
            at = Instant.parse(instant);
        } catch (DateTimeParseException e) {
            return instant;
        }
        ZoneId zone = ZoneOffset.UTC;
        if (terminal != null && terminal.timezone() != null) {
            try {
                zone = ZoneId.of(terminal.timezone());
            } catch (DateTimeException e) {
                zone = ZoneOffset.UTC;
            }
        }
        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
        if (roundUp && minute.isBefore(at)) {
            minute = minute.plus(1, ChronoUnit.MINUTES);
        }
        ZonedDateTime local = minute.atZone(zone);
        String label = CHINA_STANDARD_TIME.contains(zone.getId())
                ? texts.get("zone.beijing")
                : "UTC"
                        + (local.getOffset().getTotalSeconds() == 0
                                ? ""
                                : local.getOffset().getId());
        return texts.get("time.local", MINUTE.format(local), label);
    }

    /** The zone ids of China Standard Time, which people in China call Beijing time (北京时间). */
    private static final Set<String> CHINA_STANDARD_TIME =
            Set.of("Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC");

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static String signal(Map<String, String> evidence, Texts texts) {
        return evidence.containsKey("signalDbm")
                ? texts.get("detail.signal", evidence.get("signalDbm"))
                : evidence.containsKey("transportError")
                        ? texts.get("detail.transport", evidence.get("transportError"))
                        : "";
    }

    /**
     * The response code and what it means on the terminal's network, in the advice's language where the code table
     * has it (the CUP table does in Chinese), else as the classification recorded it.
     */
    private static String code(Map<String, String> evidence, Texts texts, CodeTables codeTables) {
        String responseCode = evidence.get("responseCode");
        if (responseCode != null) {
            String meaning = evidence.containsKey("profile")
                    ? codeTables
                            .forProfile(evidence.get("profile"))
                            .lookup(responseCode)
                            .map(entry -> entry.meaning(texts.language()))
                            .orElse(evidence.get("meaning"))
                    : evidence.get("meaning");
            return meaning != null
                    ? texts.get("detail.codeMeaning", responseCode, meaning)
                    : texts.get("detail.code", responseCode);
        }
        return evidence.containsKey("transportError")
                ? texts.get("detail.transport", evidence.get("transportError"))
                : "";
    }

    /** A display anomaly the terminal's latest telemetry reports, if any: after a sign-on that itself succeeded. */
    static Optional<Telemetry.Display> displayAnomaly(Telemetry telemetry) {
        return telemetry == null || telemetry.display() == null || telemetry.display() == Telemetry.Display.OK
                ? Optional.empty()
                : Optional.of(telemetry.display());
    }

    private static String local(Map<String, String> evidence, Texts texts) {
        return evidence.containsKey("localError") ? texts.get("detail.local", evidence.get("localError")) : "";
    }
}
