package dev.posmon.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.posmon.simulator.behaviour.Fault;
import dev.posmon.simulator.fleet.Terminal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One scripted disruption of a scenario: what breaks, where, from {@code at} (after the scenario's start)
 * for {@code for}. It decides which terminals it hits and how often their sign-ons fail, and what alerting
 * should make of it (the incident kind and scope of the ground truth).
 *
 * @param answers      for a host's maintenance ({@code planned-maintenance}, {@code unannounced-maintenance},
 *                     {@code cutover}): the response codes the host answers, {@code ["90"]} or {@code ["90", "96"]} (a host
 *                     whose front end says "in maintenance" while the parts behind it are down); by default
 *                     {@code ["90", "96"]} for {@code planned-maintenance}, {@code ["90"]} for the others
 * @param failureRatio share of the affected terminals' sign-ons that fail while it lasts (per type default if absent);
 *                     for {@code slow-degradation} the ratio it ramps up to; for {@code merchant-freeze-wave} and
 *                     {@code retry-storm} the share of the scope's merchants or terminals it catches (each of their
 *                     sign-ons then fails)
 * @param declared     for {@code cutover}: whether the daily window is declared in alerting's maintenance calendar;
 *                     for {@code carrier-outage}: whether the carrier announced its works in a published notice
 *                     calendar (iCalendar) alerting imports, which makes the outage planned
 */
public record Disruption(
        String id,
        Type type,
        Duration at,
        @JsonProperty("for") Duration duration,
        String host,
        String province,
        String carrier,
        String firmware,
        String model,
        String app,
        List<String> answers,
        Double failureRatio,
        Boolean declared,
        String description) {

    /** The kinds of disruption a scenario file may script (the file uses the lower-case names). */
    public enum Type {
        @JsonProperty("host-outage")
        HOST_OUTAGE(Fault.HOST_DOWN, 0.9, "HOST_OUTAGE"),
        @JsonProperty("planned-maintenance")
        PLANNED_MAINTENANCE(Fault.HOST_MAINTENANCE, 0.95, "PLANNED_MAINTENANCE"),
        @JsonProperty("unannounced-maintenance")
        UNANNOUNCED_MAINTENANCE(Fault.HOST_CUTOVER, 0.95, "HOST_MAINTENANCE"),
        @JsonProperty("cutover")
        CUTOVER(Fault.HOST_CUTOVER, 0.95, "HOST_MAINTENANCE"),
        @JsonProperty("province-network-outage")
        PROVINCE_NETWORK_OUTAGE(Fault.NETWORK, 0.85, "NETWORK_OUTAGE"),
        @JsonProperty("carrier-outage")
        CARRIER_OUTAGE(Fault.NETWORK, 0.9, "NETWORK_OUTAGE"),
        @JsonProperty("firmware-defect")
        FIRMWARE_DEFECT(Fault.SOFTWARE, 0.6, "SOFTWARE_DEFECT"),
        /** One app release crashes or corrupts its parameters at sign-on, on every model and firmware it runs on. */
        @JsonProperty("app-defect")
        APP_DEFECT(Fault.SOFTWARE, 0.6, "SOFTWARE_DEFECT"),
        @JsonProperty("hardware-wave")
        HARDWARE_WAVE(Fault.HARDWARE, 0.5, "HARDWARE_WAVE"),
        @JsonProperty("key-sync-wave")
        KEY_SYNC_WAVE(Fault.KEY_MAC, 0.5, "KEY_SYNC"),
        @JsonProperty("merchant-freeze-wave")
        MERCHANT_FREEZE_WAVE(Fault.MERCHANT_ACCOUNT, 0.4, "MERCHANT_ACCOUNT_WAVE"),
        @JsonProperty("slow-degradation")
        SLOW_DEGRADATION(Fault.HOST_DOWN, 0.6, "HOST_OUTAGE"),
        /**
         * A share ({@code failureRatio}, default a quarter) of the terminals of one firmware fail to sign on and retry
         * again and again, every {@link #RETRY_EVERY}, for as long as it lasts (a retry loop in the sign-on code that
         * some state sets off): many terminals looping at once.
         */
        @JsonProperty("retry-storm")
        RETRY_STORM(Fault.SOFTWARE, 0.25, "LOOP_WAVE"),
        /**
         * One host answers sign-ons with another merchant's name (a parameter push or a change of its merchant table
         * gone wrong): its terminals stop rather than show and print the wrong merchant.
         */
        @JsonProperty("display-wave")
        DISPLAY_WAVE(Fault.MERCHANT_NAME, 0.7, "DISPLAY_WAVE");

        private final Fault fault;
        private final double defaultRatio;
        private final String incidentKind;

        Type(Fault fault, double defaultRatio, String incidentKind) {
            this.fault = fault;
            this.defaultRatio = defaultRatio;
            this.incidentKind = incidentKind;
        }

        /** Whether a disruption of this type is of one host (its scope, and the field it needs). */
        public boolean hostScoped() {
            return switch (this) {
                case HOST_OUTAGE,
                        PLANNED_MAINTENANCE,
                        UNANNOUNCED_MAINTENANCE,
                        CUTOVER,
                        KEY_SYNC_WAVE,
                        SLOW_DEGRADATION,
                        DISPLAY_WAVE -> true;
                default -> false;
            };
        }

        public String fileName() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** How often a terminal caught in a {@code retry-storm} tries to sign on again. */
    public static final Duration RETRY_EVERY = Duration.ofSeconds(10);

    private static final List<String> ANSWERS_90 = List.of("90");
    private static final List<String> ANSWERS_90_96 = List.of("90", "96");

    /** Paging kinds as alerting defines them (IncidentKind.pages()). */
    private static final Set<String> PAGING = Set.of(
            "HOST_OUTAGE",
            "HOST_MAINTENANCE",
            "NETWORK_OUTAGE",
            "KEY_SYNC",
            "SOFTWARE_DEFECT",
            "LOOP_WAVE",
            "DISPLAY_WAVE");

    /** Checks that the fields this type needs are there; answers this disruption with its defaults applied. */
    public Disruption validated(int position) {
        String where = "disruption " + position + " (" + type + ")";
        if (type == null || at == null || duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(where + ": type, at and a positive for are required");
        }
        require(!type.hostScoped() || host != null, where + ": host is required");
        require(
                type != Type.PROVINCE_NETWORK_OUTAGE && type != Type.MERCHANT_FREEZE_WAVE || province != null,
                where + ": province is required");
        require(
                type != Type.CARRIER_OUTAGE || province != null && carrier != null,
                where + ": province and carrier are required");
        require(
                type != Type.FIRMWARE_DEFECT && type != Type.RETRY_STORM || firmware != null,
                where + ": firmware is required");
        require(type != Type.HARDWARE_WAVE || model != null, where + ": model is required");
        require(type != Type.APP_DEFECT || app != null, where + ": app is required");
        boolean maintenance =
                type == Type.PLANNED_MAINTENANCE || type == Type.UNANNOUNCED_MAINTENANCE || type == Type.CUTOVER;
        require(answers == null || maintenance, where + ": answers is for a host's maintenance only");
        require(
                !Boolean.TRUE.equals(declared)
                        || type == Type.CUTOVER
                        || type == Type.PLANNED_MAINTENANCE
                        || type == Type.CARRIER_OUTAGE,
                where + ": declared is for a cutover, a planned maintenance or a carrier's outage (announced works)");
        require(
                answers == null || answers.equals(ANSWERS_90) || answers.equals(ANSWERS_90_96),
                where + ": answers must be [\"90\"] or [\"90\", \"96\"]");
        List<String> answered = answers != null
                ? List.copyOf(answers)
                : !maintenance ? null : type == Type.PLANNED_MAINTENANCE ? ANSWERS_90_96 : ANSWERS_90;
        double ratio = failureRatio != null ? failureRatio : type.defaultRatio;
        require(ratio > 0 && ratio <= 1, where + ": failureRatio must be in (0, 1]");
        return new Disruption(
                id != null ? id : type.fileName() + "-" + position,
                type,
                at,
                duration,
                host,
                province,
                carrier,
                firmware,
                model,
                app,
                answered,
                ratio,
                declared != null ? declared : type == Type.PLANNED_MAINTENANCE,
                description);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public Instant onset(Instant scenarioStart) {
        return scenarioStart.plus(at);
    }

    public Instant end(Instant scenarioStart) {
        return scenarioStart.plus(at).plus(duration);
    }

    public boolean activeAt(Instant time, Instant scenarioStart) {
        return !time.isBefore(onset(scenarioStart)) && time.isBefore(end(scenarioStart));
    }

    /** How its sign-ons fail: the type's fault, or for a maintenance the one that answers its codes. */
    public Fault fault() {
        if (answers != null) {
            return answers.equals(ANSWERS_90_96) ? Fault.HOST_MAINTENANCE : Fault.HOST_CUTOVER;
        }
        return type.fault;
    }

    /** Whether the terminal is in this disruption's reach. */
    public boolean affects(Terminal terminal) {
        if (type.hostScoped()) {
            return host.equals(terminal.host());
        }
        return switch (type) {
            case PROVINCE_NETWORK_OUTAGE -> province.equals(terminal.province());
            case CARRIER_OUTAGE -> province.equals(terminal.province()) && carrier.equals(terminal.carrier());
            case FIRMWARE_DEFECT -> firmware.equals(terminal.firmware());
            case APP_DEFECT -> app.equals(terminal.app());
            case RETRY_STORM ->
                firmware.equals(terminal.firmware())
                        && Math.floorMod(terminal.record().terminalId().hashCode(), 1000) < failureRatio * 1000;
            case HARDWARE_WAVE -> model.equals(terminal.record().model());
            // a wave of freezes hits a share of the province's merchants, each of them on every sign-on
            case MERCHANT_FREEZE_WAVE ->
                province.equals(terminal.province())
                        && Math.floorMod(terminal.record().merchantId().hashCode(), 1000) < failureRatio * 1000;
            default -> throw new IllegalStateException(type + " is of one host");
        };
    }

    /** The chance that an affected terminal's sign-on at this time fails of this disruption. */
    public double failureChance(Instant time, Instant scenarioStart) {
        if (!activeAt(time, scenarioStart)) {
            return 0;
        }
        return switch (type) {
            case SLOW_DEGRADATION ->
                failureRatio
                        * Math.min(
                                1.0,
                                (double) Duration.between(onset(scenarioStart), time)
                                                .toMillis()
                                        / duration.toMillis()
                                        * 1.5);
            case MERCHANT_FREEZE_WAVE, RETRY_STORM -> 1.0;
            default -> failureRatio;
        };
    }

    /** The scope alerting should name: dimension → value, in the cube's dimension names. */
    public Map<String, String> scope() {
        Map<String, String> scope = new LinkedHashMap<>();
        switch (type) {
            case PROVINCE_NETWORK_OUTAGE, MERCHANT_FREEZE_WAVE -> scope.put("province", province);
            case CARRIER_OUTAGE -> {
                scope.put("province", province);
                scope.put("carrier", carrier);
            }
            case FIRMWARE_DEFECT, RETRY_STORM -> scope.put("firmware", firmware);
            case HARDWARE_WAVE -> scope.put("model", model);
            case APP_DEFECT -> scope.put("app", app);
            default -> scope.put("host", host); // every other type is of one host
        }
        return scope;
    }

    /** The incident kind alerting should open. */
    public String expectedKind() {
        if ((type == Type.CUTOVER || type == Type.CARRIER_OUTAGE) && declared) {
            return "PLANNED_MAINTENANCE";
        }
        return type.incidentKind;
    }

    /**
     * Whether it is declared through alerting's maintenance API before it happens (a carrier's works as a notice
     * calendar).
     */
    public boolean declaresWindow() {
        return type == Type.PLANNED_MAINTENANCE
                || (type == Type.CUTOVER || type == Type.CARRIER_OUTAGE) && Boolean.TRUE.equals(declared);
    }

    public boolean pages() {
        return PAGING.contains(expectedKind());
    }
}
