package dev.posmon.contract.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonBytes;
import dev.posmon.contract.json.JsonSerde;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

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
public final class TerminalHealthSerde implements Serde<TerminalHealth>, Serializer<TerminalHealth> {

    private static final ObjectWriter DATABIND = ContractJson.mapper().writerFor(TerminalHealth.class);

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

    private final JsonSerde<TerminalHealth> databind = new JsonSerde<>(TerminalHealth.class);

    @Override
    public byte[] serialize(String topic, TerminalHealth value) {
        return value == null ? null : json(value);
    }

    /** The record's JSON, as the contract's mapper writes it. */
    public static byte[] json(TerminalHealth value) {
        byte[] json = byHand(value);
        if (json != null) {
            return json;
        }
        try {
            return DATABIND.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's JSON written here, null when databind has to write it. */
    static byte[] byHand(TerminalHealth value) {
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

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the contract fixes the JSON form
    }

    @Override
    public void close() {
        // stateless
    }

    @Override
    public Serializer<TerminalHealth> serializer() {
        return this;
    }

    @Override
    public Deserializer<TerminalHealth> deserializer() {
        return databind;
    }
}
