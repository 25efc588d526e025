package dev.posmon.contract.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.event.SignOnAttempt.Outcome;
import dev.posmon.contract.event.SignOnAttempt.Stage;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Rules between fields that JSON Schema cannot say with a clear message. Applied after the schema passed. */
public final class ContractRules {

    private ContractRules() {}

    public static List<Violation> check(SignOnAttempt attempt) {
        return checkSignOn(
                attempt.outcome() == Outcome.SUCCESS,
                attempt.stage() == Stage.COMPLETE,
                attempt.responseCode() != null,
                attempt.transportError() != null,
                attempt.localError() != null);
    }

    /** The same rules on a schema-valid JSON sign-on, without mapping it to a record first (ingest's hot path). */
    public static List<Violation> checkSignOn(JsonNode attempt) {
        return checkSignOn(
                "SUCCESS".equals(attempt.path("outcome").asText()),
                "COMPLETE".equals(attempt.path("stage").asText()),
                attempt.has("responseCode"),
                attempt.has("transportError"),
                attempt.has("localError"));
    }

    /** The rules on what they are about: the outcome and stage, and which of the three codes the attempt carries. */
    public static List<Violation> checkSignOn(
            boolean success, boolean complete, boolean responseCode, boolean transportError, boolean localError) {
        List<Violation> violations = new ArrayList<>(0);
        if (responseCode && transportError) {
            violations.add(
                    new Violation(
                            "transportError",
                            "a transport error is terminal-side and never comes with a host responseCode; send one or the other"));
        }
        if (success) {
            if (!complete) {
                violations.add(new Violation("stage", "a SUCCESS must have reached stage COMPLETE"));
            }
            if (transportError || localError) {
                violations.add(
                        new Violation(transportError ? "transportError" : "localError", "a SUCCESS carries no error"));
            }
        }
        return violations;
    }

    public static List<Violation> check(TerminalRecord terminal) {
        try {
            ZoneId.of(terminal.timezone());
            return List.of();
        } catch (DateTimeException e) {
            return List.of(new Violation("timezone", "is not an IANA time zone id (e.g. Asia/Shanghai)"));
        }
    }
}
