package dev.posmon.contract.classify;

import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.json.ContractJson;
import dev.posmon.contract.json.JsonBytes;
import dev.posmon.contract.json.JsonBytesSerde;
import java.util.Map;

/**
 * The serde of {@code signon.classified.v2}: writes a {@link ClassifiedSignOn} straight into bytes, byte for byte what
 * {@link ContractJson#mapper()} writes (the fields in the record's order, absent ones left out, the eventId in
 * lower-case hex, the instant in {@code DateTimeFormatter.ISO_INSTANT}'s form, enums by name, the evidence's fields in
 * their map's order, strings as UTF-8); reads it back with databind.
 * <p>
 * Why: analytics writes one per attempt, and writing records out was 11 % of its samples ({@link JsonBytes} says why
 * bytes and not a generator). A string that JSON has to escape (a quote, a backslash, a control character) or one with
 * a surrogate (an emoji), and an instant outside the years 0000-9999, which are rare here (the schema's ids allow none),
 * are written by databind, whose escaping and forms this does not repeat. {@code ClassifiedSignOnSerdeTest} holds it to
 * databind's bytes.
 */
public final class ClassifiedSignOnSerde extends JsonBytesSerde<ClassifiedSignOn> {

    private static final byte[] EVENT_ID = JsonBytes.name("{", "eventId");
    private static final byte[] TERMINAL_ID = JsonBytes.name(",", "terminalId");
    private static final byte[] OCCURRED_AT = JsonBytes.name(",", "occurredAt");
    private static final byte[] OUTCOME = JsonBytes.name(",", "outcome");
    private static final byte[] HOST_ID = JsonBytes.name(",", "hostId");
    private static final byte[] REGISTERED = JsonBytes.name(",", "registered");
    private static final byte[] PROVINCE = JsonBytes.name(",", "province");
    private static final byte[] CITY = JsonBytes.name(",", "city");
    private static final byte[] MERCHANT_ID = JsonBytes.name(",", "merchantId");
    private static final byte[] MODEL = JsonBytes.name(",", "model");
    private static final byte[] ACQUIRER = JsonBytes.name(",", "acquirer");
    private static final byte[] CAUSE = JsonBytes.name(",", "cause");
    private static final byte[] EVIDENCE = JsonBytes.name(",", "evidence");
    private static final byte[] RULE = JsonBytes.name("{", "rule");
    private static final byte[] FIELDS = JsonBytes.name(",", "fields");
    private static final byte[][] OUTCOMES = JsonBytes.quoted(Outcome.values());
    private static final byte[][] CAUSES = JsonBytes.quoted(Cause.values());

    public ClassifiedSignOnSerde() {
        super(ClassifiedSignOn.class);
    }

    @Override
    protected byte[] byHand(ClassifiedSignOn value) {
        if (value.eventId() == null) {
            return null; // databind opens with the next field: not worth a second way of opening
        }
        JsonBytes out = new JsonBytes(320);
        out.raw(EVENT_ID);
        out.uuid(value.eventId());
        if (!out.string(TERMINAL_ID, value.terminalId()) || !out.instant(OCCURRED_AT, value.occurredAt())) {
            return null;
        }
        out.constant(OUTCOME, value.outcome(), OUTCOMES);
        if (!out.string(HOST_ID, value.hostId())) {
            return null;
        }
        out.bool(REGISTERED, value.registered());
        if (!out.string(PROVINCE, value.province())
                || !out.string(CITY, value.city())
                || !out.string(MERCHANT_ID, value.merchantId())
                || !out.string(MODEL, value.model())
                || !out.string(ACQUIRER, value.acquirer())) {
            return null;
        }
        out.constant(CAUSE, value.cause(), CAUSES);
        Evidence evidence = value.evidence();
        if (evidence != null) {
            if (evidence.rule() == null) {
                return null;
            }
            out.raw(EVIDENCE);
            if (!out.string(RULE, evidence.rule())) {
                return null;
            }
            out.raw(FIELDS);
            char separator = '{';
            for (Map.Entry<String, String> field : evidence.fields().entrySet()) {
                out.raw(separator);
                separator = ',';
                if (!out.text(field.getKey())) {
                    return null;
                }
                out.raw(':');
                if (!out.text(field.getValue())) {
                    return null;
                }
            }
            if (separator == '{') {
                out.raw('{');
            }
            out.raw('}');
            out.raw('}');
        }
        out.raw('}');
        return out.toBytes();
    }
}
