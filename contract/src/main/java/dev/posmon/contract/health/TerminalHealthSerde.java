package dev.posmon.contract.health;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonBytes;
import dev.posmon.contract.json.JsonBytesSerde;

/**
 * The serde of {@code terminal.health.v1}: writes a {@link TerminalHealth} straight into bytes ({@link JsonBytes}), byte
 * for byte what {@link ContractJson#mapper()} writes (the fields in the record's order, absent ones left out, instants
 * in {@code DateTimeFormatter.ISO_INSTANT}'s form, enums by name); reads it back with databind. A record with a
 * string JSON has to escape, or an instant outside the years 0000-9999, is written by databind.
 * <p>
 * Why: analytics writes one per health change (in {@code ./posmon bench analytics}, one for every seven attempts), and
 * databind writing them was 2 % of its stream threads' samples. {@code TerminalHealthSerdeTest} holds it to databind's
 * bytes.
 */
public final class TerminalHealthSerde extends JsonBytesSerde<TerminalHealth> {

    private static final byte[] TERMINAL_ID = JsonBytes.name("{", "terminalId");
    private static final byte[] STATE = JsonBytes.name(",", "state");
    private static final byte[] SINCE = JsonBytes.name(",", "since");
    private static final byte[] AT = JsonBytes.name(",", "at");
    private static final byte[] CAUSE = JsonBytes.name(",", "cause");
    private static final byte[] CONSECUTIVE_FAILURES = JsonBytes.name(",", "consecutiveFailures");
    private static final byte[] SIGN_ONS_IN_WINDOW = JsonBytes.name(",", "signOnsInWindow");
    private static final byte[] PROVINCE = JsonBytes.name(",", "province");
    private static final byte[] HOST = JsonBytes.name(",", "host");
    private static final byte[] MERCHANT_ID = JsonBytes.name(",", "merchantId");
    private static final byte[] ACQUIRER = JsonBytes.name(",", "acquirer");
    private static final byte[] CARRIER = JsonBytes.name(",", "carrier");
    private static final byte[] MODEL = JsonBytes.name(",", "model");
    private static final byte[] FIRMWARE = JsonBytes.name(",", "firmware");
    private static final byte[] APP = JsonBytes.name(",", "app");
    private static final byte[] REGION = JsonBytes.name(",", "region");
    private static final byte[][] STATES = JsonBytes.quoted(TerminalHealth.State.values());
    private static final byte[][] CAUSES = JsonBytes.quoted(Cause.values());

    public TerminalHealthSerde() {
        super(TerminalHealth.class);
    }

    @Override
    protected byte[] byHand(TerminalHealth value) {
        if (value.terminalId() == null) {
            return null; // databind opens with the next field: not worth a second way of opening
        }
        JsonBytes out = new JsonBytes(384);
        if (!out.string(TERMINAL_ID, value.terminalId())) {
            return null;
        }
        out.constant(STATE, value.state(), STATES);
        if (!out.instant(SINCE, value.since()) || !out.instant(AT, value.at())) {
            return null;
        }
        out.constant(CAUSE, value.cause(), CAUSES);
        out.integer(CONSECUTIVE_FAILURES, value.consecutiveFailures());
        out.integer(SIGN_ONS_IN_WINDOW, value.signOnsInWindow());
        if (!out.string(PROVINCE, value.province())
                || !out.string(HOST, value.host())
                || !out.string(MERCHANT_ID, value.merchantId())
                || !out.string(ACQUIRER, value.acquirer())
                || !out.string(CARRIER, value.carrier())
                || !out.string(MODEL, value.model())
                || !out.string(FIRMWARE, value.firmware())
                || !out.string(APP, value.app())
                || !out.string(REGION, value.region())) {
            return null;
        }
        out.raw('}');
        return out.toBytes();
    }
}
