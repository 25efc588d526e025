package dev.posmon.analytics.classify;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.Evidence;
import java.util.Map;

/** The cause of one failed attempt and the evidence that decided it. */
public record Classification(Cause cause, Evidence evidence) {

    static Classification of(Cause cause, String rule, Map<String, String> fields) {
        return new Classification(cause, new Evidence(rule, fields));
    }
}
