package dev.posmon.simulator.behaviour;

import dev.posmon.contract.event.SignOnAttempt.LocalError;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.event.SignOnAttempt.TransportError;
import java.util.SplittableRandom;

/**
 * Why a simulated sign-on fails, one per cause of the contract's {@code Cause} (network failures split by how much
 * of the network is gone), and how the terminal reports it: the stage it reached and either the host's
 * field 39 in the terminal's network profile, a transport error, or a local error.
 */
public enum Fault {
    NETWORK,
    HOST_DOWN,
    HOST_CUTOVER,
    HOST_MAINTENANCE,
    HOST_ROUTING,
    KEY_MAC,
    NOT_REGISTERED,
    MERCHANT_ACCOUNT,
    TERMINAL_STATE,
    SOFTWARE,
    HARDWARE,
    OPERATOR,
    /**
     * The host's sign-on answer names another merchant than the terminal's parameters (a display anomaly after the
     * sign-on: the terminal would show and print the wrong merchant), and the terminal stops; a SOFTWARE cause.
     */
    MERCHANT_NAME,
    UNKNOWN;

    /** How one sign-on looks on the wire: a failure of some fault, or a {@link #success(int)}. */
    public record Symptom(
            Stage stage, String responseCode, TransportError transportError, LocalError localError, int latencyMs) {

        /** A sign-on that completed: the host answered 00. */
        public static Symptom success(int latencyMs) {
            return new Symptom(Stage.COMPLETE, "00", null, null, latencyMs);
        }

        public boolean succeeded() {
            return stage == Stage.COMPLETE;
        }
    }

    public Symptom symptom(String networkProfile, SplittableRandom random) {
        boolean cup = "CUP".equals(networkProfile);
        boolean postilion = "POSTILION".equals(networkProfile);
        return switch (this) {
            case NETWORK ->
                switch (random.nextInt(4)) {
                    case 0 -> new Symptom(Stage.CONNECT, null, TransportError.DNS, null, 5_000);
                    case 1 -> new Symptom(Stage.CONNECT, null, TransportError.NO_NETWORK, null, 50);
                    case 2 -> new Symptom(Stage.AUTH, null, TransportError.READ_TIMEOUT, null, 30_000);
                    default -> new Symptom(Stage.CONNECT, null, TransportError.CONNECT_TIMEOUT, null, 10_000);
                };
            case HOST_DOWN ->
                switch (random.nextInt(4)) {
                    case 0 -> new Symptom(Stage.CONNECT, null, TransportError.CONNECT_REFUSED, null, 80);
                    case 1 -> new Symptom(Stage.AUTH, "91", null, null, 400 + random.nextInt(600));
                    case 2 -> new Symptom(Stage.AUTH, postilion ? "C1" : "06", null, null, 400 + random.nextInt(600));
                    default -> new Symptom(Stage.AUTH, "96", null, null, 400 + random.nextInt(600));
                };
            case HOST_CUTOVER -> new Symptom(Stage.AUTH, "90", null, null, 200 + random.nextInt(300));
            case HOST_MAINTENANCE ->
                new Symptom(Stage.AUTH, random.nextBoolean() ? "90" : "96", null, null, 200 + random.nextInt(300));
            case HOST_ROUTING -> new Symptom(Stage.AUTH, "92", null, null, 300 + random.nextInt(500));
            case KEY_MAC ->
                random.nextInt(5) == 0
                        ? new Symptom(Stage.KEY_EXCHANGE, null, null, LocalError.KEY_MISSING, 100)
                        : new Symptom(
                                Stage.KEY_EXCHANGE,
                                cup ? "A0" : postilion ? "D1" : "63",
                                null,
                                null,
                                500 + random.nextInt(500));
            case NOT_REGISTERED -> new Symptom(Stage.AUTH, cup ? "97" : "58", null, null, 300 + random.nextInt(300));
            case MERCHANT_ACCOUNT -> new Symptom(Stage.AUTH, "03", null, null, 300 + random.nextInt(300));
            case TERMINAL_STATE ->
                new Symptom(Stage.AUTH, random.nextBoolean() ? "22" : "77", null, null, 300 + random.nextInt(300));
            case SOFTWARE ->
                switch (random.nextInt(4)) {
                    case 0 -> new Symptom(Stage.PARAM_DOWNLOAD, null, null, LocalError.PARAM_CORRUPT, 900);
                    case 1 -> new Symptom(Stage.AUTH, null, null, LocalError.APP_CRASH, 100);
                    case 2 -> new Symptom(Stage.AUTH, "12", null, null, 400);
                    default -> new Symptom(Stage.AUTH, "30", null, null, 400);
                };
            case HARDWARE ->
                switch (random.nextInt(3)) {
                    case 0 -> new Symptom(Stage.CONNECT, null, null, LocalError.CARD_READER_FAULT, 50);
                    case 1 -> new Symptom(Stage.CONNECT, null, null, LocalError.KEYPAD_FAULT, 50);
                    default -> new Symptom(Stage.CONNECT, null, null, LocalError.POWER, 50);
                };
            case OPERATOR -> new Symptom(Stage.AUTH, null, null, LocalError.OPERATOR_CREDENTIALS, 50);
            case MERCHANT_NAME ->
                new Symptom(Stage.AUTH, null, null, LocalError.MERCHANT_NAME_MISMATCH, 400 + random.nextInt(400));
            case UNKNOWN -> new Symptom(Stage.AUTH, null, null, LocalError.OTHER, 300);
        };
    }

    /** Whether a retry a few seconds later is likely to get through (the fault is a passing one). */
    public boolean transientFault() {
        return this == NETWORK || this == HOST_DOWN || this == TERMINAL_STATE || this == UNKNOWN;
    }
}
