package dev.posmon.analytics.terminal;

import dev.posmon.analytics.aggregate.CubeKeys;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.analytics.terminal.TerminalState.Health;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.classify.ClassifiedAttempt;
import dev.posmon.contract.event.SignOnAttempt;
import dev.posmon.contract.health.TerminalHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Folds a terminal's attempts into its {@link TerminalState} and says when its health changes: FAILING (its first
 * failure since it last signed on), STUCK (failing, no success for longer than T), SIGNON_LOOP (more than N successful
 * sign-ons within M), RECOVERED (a success that ends a failure, STUCK or not; a sign-on that is no longer part of a
 * loop). Event time throughout,
 * so the same stream always gives the same transitions. Plain class.
 */
public final class TerminalStateMachine {

    private final TerminalRules rules;

    public TerminalStateMachine(TerminalRules rules) {
        this.rules = rules;
    }

    /** The new state, and the health transition this attempt caused, if any. */
    public record Step(TerminalState state, Optional<TerminalHealth> transition) {}

    public Step apply(TerminalState previous, ClassifiedAttempt classified) {
        SignOnAttempt attempt = classified.attempt();
        TerminalState state = previous != null ? previous : TerminalState.fresh(attempt.terminalId());
        Instant at = attempt.occurredAt();
        Instant lastAttemptAt = max(state.lastAttemptAt(), at);
        List<AttemptSummary> attempts = remember(state.recentAttempts(), classified);
        Duration keep =
                rules.loopWindow().compareTo(TerminalRules.RECENT) > 0 ? rules.loopWindow() : TerminalRules.RECENT;

        // the cut-offs computed once, not per sign-on kept: this runs for every attempt
        Instant forgetBefore = lastAttemptAt.minus(keep);
        if (!attempt.failed()) {
            List<Instant> signOns = new ArrayList<>(state.recentSignOns().size() + 1);
            for (Instant time : state.recentSignOns()) {
                if (!time.isBefore(forgetBefore)) {
                    signOns.add(time);
                }
            }
            if (!at.isBefore(forgetBefore)) {
                signOns.add(at);
            }
            signOns.sort(Comparator.naturalOrder());
            Instant loopFrom = at.minus(rules.loopWindow());
            List<Instant> inLoopWindow = new ArrayList<>(signOns.size());
            for (Instant time : signOns) {
                if (!time.isBefore(loopFrom) && !time.isAfter(at)) {
                    inLoopWindow.add(time);
                }
            }
            TerminalState next = new TerminalState(
                    state.terminalId(),
                    classified.province(),
                    attempt.hostId(),
                    lastAttemptAt,
                    max(state.lastSuccessAt(), at),
                    null,
                    0,
                    null,
                    signOns,
                    Health.OK,
                    state.healthSince(),
                    attempts);
            if (inLoopWindow.size() > rules.loopSignOns()) {
                if (state.health() == Health.SIGNON_LOOP) {
                    return new Step(with(next, Health.SIGNON_LOOP, state.healthSince()), Optional.empty());
                }
                Instant since = inLoopWindow.get(0);
                return new Step(
                        with(next, Health.SIGNON_LOOP, since),
                        Optional.of(health(
                                next,
                                classified,
                                TerminalHealth.State.SIGNON_LOOP,
                                since,
                                at,
                                null,
                                0,
                                inLoopWindow.size())));
            }
            if (state.health() != Health.OK || state.consecutiveFailures() > 0) {
                return new Step(
                        with(next, Health.OK, at),
                        Optional.of(health(
                                next,
                                classified,
                                TerminalHealth.State.RECOVERED,
                                at,
                                at,
                                state.currentCause(),
                                state.consecutiveFailures(),
                                inLoopWindow.size())));
            }
            return new Step(next, Optional.empty());
        }

        Instant firstFailure =
                state.firstFailureAt() == null || at.isBefore(state.firstFailureAt()) ? at : state.firstFailureAt();
        List<Instant> signOns = new ArrayList<>(state.recentSignOns().size());
        for (Instant time : state.recentSignOns()) {
            if (!time.isBefore(forgetBefore)) {
                signOns.add(time);
            }
        }
        TerminalState next = new TerminalState(
                state.terminalId(),
                classified.province(),
                attempt.hostId(),
                lastAttemptAt,
                state.lastSuccessAt(),
                firstFailure,
                state.consecutiveFailures() + 1,
                classified.cause(),
                signOns,
                state.health(),
                state.healthSince(),
                attempts);
        boolean stuck = Duration.between(firstFailure, lastAttemptAt).compareTo(rules.stuckAfter()) > 0;
        if (state.consecutiveFailures() == 0 && !stuck) {
            return new Step(
                    next,
                    Optional.of(health(
                            next,
                            classified,
                            TerminalHealth.State.FAILING,
                            firstFailure,
                            at,
                            classified.cause(),
                            next.consecutiveFailures(),
                            signOns.size())));
        }
        if (stuck && state.health() != Health.STUCK) {
            return new Step(
                    with(next, Health.STUCK, firstFailure),
                    Optional.of(health(
                            next,
                            classified,
                            TerminalHealth.State.STUCK,
                            firstFailure,
                            at,
                            classified.cause(),
                            next.consecutiveFailures(),
                            signOns.size())));
        }
        return new Step(next, Optional.empty());
    }

    /** The terminal's last attempts with this one, newest first (this one before others of its time). */
    private List<AttemptSummary> remember(List<AttemptSummary> recent, ClassifiedAttempt classified) {
        SignOnAttempt a = classified.attempt();
        AttemptSummary latest = new AttemptSummary(
                a.eventId().toString(),
                a.occurredAt(),
                a.hostId(),
                a.outcome().name(),
                a.stage().name(),
                a.responseCode(),
                a.transportError() == null ? null : a.transportError().name(),
                a.localError() == null ? null : a.localError().name(),
                a.network() == null ? null : a.network().signalDbm(),
                a.appVersion(),
                a.firmwareVersion(),
                classified.cause(),
                classified.evidence());
        return RecentAttempts.of(recent).with(latest, rules.keepAttempts());
    }

    private static TerminalState with(TerminalState s, Health health, Instant since) {
        return new TerminalState(
                s.terminalId(),
                s.province(),
                s.hostId(),
                s.lastAttemptAt(),
                s.lastSuccessAt(),
                s.firstFailureAt(),
                s.consecutiveFailures(),
                s.currentCause(),
                s.recentSignOns(),
                health,
                since,
                s.recentAttempts());
    }

    private static TerminalHealth health(
            TerminalState s,
            ClassifiedAttempt attempt,
            TerminalHealth.State state,
            Instant since,
            Instant at,
            Cause cause,
            int failures,
            int signOns) {
        return new TerminalHealth(
                s.terminalId(),
                state,
                since,
                at,
                cause,
                failures,
                signOns,
                s.province(),
                s.hostId(),
                attempt.merchantId(),
                attempt.acquirer(),
                CubeKeys.carrier(attempt.attempt()),
                attempt.model(),
                attempt.attempt().firmwareVersion(),
                attempt.attempt().appVersion(),
                attempt.region());
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
