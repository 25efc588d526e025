package dev.posmon.alerting.incident;

import dev.posmon.alerting.maintenance.MaintenanceCalendar;
import dev.posmon.contract.i18n.Language;
import dev.posmon.contract.i18n.Texts;
import dev.posmon.contract.registry.Regions;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The recommended action of an incident, for on-call and operations, in the installation's {@link Language}
 * ({@code actions.properties}, {@code actions_zh_CN.properties}). Plain class.
 */
final class Actions {

    private Actions() {}

    /** The action in every language, by language tag. */
    static Map<String, String> all(
            IncidentKind kind, Map<String, String> scope, MaintenanceCalendar calendar, Finding finding) {
        Map<String, String> all = new TreeMap<>();
        for (Language language : Language.values()) {
            all.put(language.tag(), of(kind, scope, calendar, finding, language));
        }
        return all;
    }

    static String of(
            IncidentKind kind,
            Map<String, String> scope,
            MaintenanceCalendar calendar,
            Finding finding,
            Language language) {
        Texts texts = Texts.of(Actions.class, "actions", language);
        String where = where(scope, language);
        return switch (kind) {
            case HOST_OUTAGE ->
                texts.get(finding.totalStop() ? "HOST_OUTAGE.stopped" : "HOST_OUTAGE", scope.get("host"), top(finding));
            case HOST_MAINTENANCE -> texts.get("HOST_MAINTENANCE", scope.get("host"), top(finding));
            case PLANNED_MAINTENANCE ->
                scope.containsKey("host")
                        ? texts.get(
                                "PLANNED_MAINTENANCE",
                                scope.get("host"),
                                until(texts, calendar.covering(scope.get("host"), finding.windowStart())))
                        : texts.get(
                                "PLANNED_MAINTENANCE.network",
                                where,
                                until(texts, calendar.coveringNetwork(scope, finding.windowStart())));
            case NETWORK_OUTAGE, KEY_SYNC, SOFTWARE_DEFECT, MERCHANT_ACCOUNT_WAVE -> texts.get(kind.name(), where);
            case HARDWARE_WAVE -> texts.get("HARDWARE_WAVE", where, top(finding));
            case DISPLAY_WAVE -> texts.get("DISPLAY_WAVE", where);
            case LOOP_WAVE ->
                texts.get(
                        "LOOP_WAVE",
                        where,
                        String.format(Locale.ROOT, "%.0f", finding.failuresPerTerminal()),
                        top(finding));
            case OTHER -> texts.get("OTHER", where, top(finding));
        };
    }

    /** {@code province=440000 Guangdong, carrier=CMCC}: the scope in the cube's names, a province named in the language. */
    static String where(Map<String, String> scope, Language language) {
        return scope.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + ("province".equals(e.getKey()) ? Regions.label(e.getValue(), language) : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String until(Texts texts, Optional<MaintenanceCalendar.Covering> covering) {
        return covering.map(c -> texts.get("PLANNED_MAINTENANCE.until", c.occurrenceEnd()))
                .orElse("");
    }

    private static String top(Finding finding) {
        return finding.evidence().isEmpty()
                ? finding.dominantCause().name()
                : String.join(
                        ", ",
                        Correlator.top(finding.evidence()).keySet().stream()
                                .limit(3)
                                .toList());
    }
}
