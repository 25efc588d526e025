package dev.posmon.contract.schema;

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

    private ContractRules() {
    }

    public static List<Violation> check(SignOnAttempt attempt) {
        List<Violation> violations = new ArrayList<>(0);
        if (attempt.responseCode() != null && attempt.transportError() != null) {
            violations.add(new Violation("transportError",
                    "a transport error is terminal-side and never comes with a host responseCode; send one or the other"));
        }
        if (attempt.outcome() == Outcome.SUCCESS) {
            if (attempt.stage() != Stage.COMPLETE) {
                violations.add(new Violation("stage", "a SUCCESS must have reached stage COMPLETE"));
            }
            if (attempt.transportError() != null || attempt.localError() != null) {
                violations.add(new Violation(attempt.transportError() != null ? "transportError" : "localError",
                        "a SUCCESS carries no error"));
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
