package dev.posmon.analytics.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.posmon.analytics.terminal.TerminalState.AttemptSummary;
import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.event.Telemetry;
import dev.posmon.contract.registry.TerminalRecord;
import java.time.Instant;
import java.util.List;

/**
 * The answer to "why can't terminal X sign on?": its current state, its last attempts with cause and
 * evidence, its latest telemetry, and the advice that follows.
 *
 * @param province   the name of the terminal's province (GB/T 2260) in the answer's language (its region code when
 *                   GB/T 2260 has no such province); absent for a terminal not in the registry
 * @param city       the name of the terminal's city in the answer's language (深圳市 / Shenzhen; a municipality's own
 *                   name for its districts, a county directly under its province its own: 仙桃市); the region code when
 *                   GB/T 2260 has no such city; absent for a terminal not in the registry
 * @param place      where the terminal is, as a person reads it: 广东省深圳市 / Shenzhen, Guangdong (北京市 / Beijing for a
 *                   municipality); the province's name when the city is unknown; absent for a terminal not in the registry
 * @param status     SIGNING_ON, FAILING, STUCK, SIGNON_LOOP or NO_ATTEMPTS_SEEN
 * @param retryStorm the terminal's run of failures when it is a retry storm (many failures at short intervals), else
 *                   absent
 * @param language   the language of the advice and of the names of the province, city and place: zh-CN or en
 * @param answeredBy the instance (host:port) that owns this terminal's state
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Diagnosis(
        String terminalId,
        boolean registered,
        TerminalRecord terminal,
        String province,
        String city,
        String place,
        String status,
        Instant statusSince,
        Instant lastAttemptAt,
        Instant lastSuccessAt,
        int consecutiveFailures,
        Cause currentCause,
        RetryStorm retryStorm,
        int signOnsLast15Minutes,
        List<AttemptSummary> recentAttempts,
        Telemetry latestTelemetry,
        Advice advice,
        String language,
        String answeredBy) {}
