package dev.posmon.alerting.incident;

import dev.posmon.contract.i18n.Language;
import java.time.Duration;

/**
 * @param immediateRatio    a finding at least this bad opens an incident at once …
 * @param immediateFailures … as does one with at least this many failures; a milder one needs a second
 *                          anomalous window in a row (hysteresis against flapping)
 * @param quietWindows      consecutive windows without the finding that resolve an incident
 * @param cooldown          a relapse within this long after resolution re-opens the incident
 * @param inhibitShare      a finding without a host whose excess lies at least this much on a host with an
 *                          active host incident is that incident's symptom, not an incident of its own
 * @param earlyFailures     a window still open opens a paging incident early only with at least {@code immediateRatio}
 *                          of its attempts failing, at least this many failures so far …
 * @param earlyTerminals    … from at least this many distinct terminals (a few terminals retrying in a loop are not an
 *                          outage, however many failures they send)
 * @param language          the language of the incidents' recommended actions (and so of the pages)
 */
public record CorrelatorSettings(
        double immediateRatio,
        long immediateFailures,
        int quietWindows,
        Duration cooldown,
        double inhibitShare,
        long earlyFailures,
        long earlyTerminals,
        Language language) {

    /**
     * Early opening at 15 failures from 10 terminals: a scope of a few hundred terminals sends a few dozen sign-ons a
     * minute, so a floor of 30 failures alone kept its outage waiting most of a minute for volume it had already shown
     * to be significant (the detector's binomial test at 1e-6 has passed before these floors are asked).
     */
    public static final CorrelatorSettings DEFAULTS =
            new CorrelatorSettings(0.3, 50, 5, Duration.ofMinutes(30), 0.7, 15, 10, Language.EN);

    public CorrelatorSettings withLanguage(Language language) {
        return new CorrelatorSettings(
                immediateRatio,
                immediateFailures,
                quietWindows,
                cooldown,
                inhibitShare,
                earlyFailures,
                earlyTerminals,
                language);
    }
}
