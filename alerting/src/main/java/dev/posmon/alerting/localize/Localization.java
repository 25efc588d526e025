package dev.posmon.alerting.localize;

import java.util.List;

/**
 * The smallest set of scopes found to explain a window's excess failures.
 *
 * @param totalExcess    the failures above expectation over all leaves (only leaves above it count)
 * @param explainedShare how much of it the causes explain together (0..1)
 */
public record Localization(List<RootCause> causes, double totalExcess, double explainedShare) {}
