package dev.posmon.contract.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.registry.TerminalRecord.MerchantStatus;

/**
 * A sign-on attempt enriched with its terminal's registry data and, when it failed, its cause and the
 * evidence: what analytics' topology passes from classification to the cube, in process. What goes out on
 * {@code signon.classified.v2} is its {@link ClassifiedSignOn}, without the attempt. An attempt of a terminal that is
 * not (yet) in the registry has {@code registered=false} and province {@code UNKNOWN}: never dropped.
 *
 * @param province 6-digit province code from the registry's region code, or UNKNOWN
 * @param city     6-digit city code (its first four digits), or UNKNOWN
 * @param region   the registry's region code itself (440305), or UNKNOWN: the place a person reads
 * @param cause    null for a success
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifiedAttempt(
        SignOnAttempt attempt,
        boolean registered,
        String province,
        String city,
        String region,
        String merchantId,
        String model,
        String vendor,
        String homeHostId,
        String acquirer,
        String networkProfile,
        MerchantStatus merchantStatus,
        Cause cause,
        Evidence evidence) {

    public boolean failed() {
        return attempt.failed();
    }
}
