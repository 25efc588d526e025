package dev.posmon.simulator.scenario;

import dev.posmon.simulator.fleet.Terminal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ground truth of whom each disruption hit, counted from the sign-on attempts as they are generated.
 * <ul>
 *   <li><b>affected</b>: the distinct terminals in the disruption's scope with an attempt inside it (from its onset,
 *       before its end) that failed <i>of this disruption</i>. A failure of the background mix or of a terminal's
 *       chronic fault in the same span is not the disruption's doing and is not counted; nor is a failure of another
 *       disruption that reached the terminal first.</li>
 *   <li><b>still failing</b>: those of them whose last attempt inside the disruption failed of it.</li>
 * </ul>
 * Recording the same attempt twice changes nothing (a set of terminals, and per terminal its latest attempt by time,
 * whatever the order attempts arrive in). Not thread-safe: fed by the one thread that generates the attempts.
 */
public final class AffectedTerminals {

    /** One disruption's count. */
    public record Count(int affected, int stillFailing) {}

    private record Last(Instant at, boolean failedOfIt) {}

    private final Instant simStart;
    private final Map<Disruption, Tally> tallies = new LinkedHashMap<>();

    public AffectedTerminals(List<Disruption> disruptions, Instant simStart) {
        this.simStart = simStart;
        disruptions.forEach(d -> tallies.put(d, new Tally()));
    }

    /**
     * One sign-on attempt of a terminal at a time, and the disruption it failed of (null when it succeeded or failed of
     * something else): counts it for every disruption active then whose scope holds the terminal.
     */
    public void attempt(Terminal terminal, Instant at, Disruption failedOf) {
        for (Map.Entry<Disruption, Tally> entry : tallies.entrySet()) {
            Disruption d = entry.getKey();
            if (d.activeAt(at, simStart) && d.affects(terminal)) {
                entry.getValue().attempt(terminal.index(), at, d.equals(failedOf));
            }
        }
    }

    /** The count of the disruption with this id. */
    public Count of(String disruptionId) {
        return tallies.entrySet().stream()
                .filter(e -> e.getKey().id().equals(disruptionId))
                .map(e -> e.getValue().count())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no disruption " + disruptionId));
    }

    private static final class Tally {

        private final Set<Integer> failed = new HashSet<>();
        private final Map<Integer, Last> last = new HashMap<>();

        void attempt(int terminal, Instant at, boolean failedOfIt) {
            if (failedOfIt) {
                failed.add(terminal);
            }
            last.merge(
                    terminal,
                    new Last(at, failedOfIt),
                    (before, now) -> now.at().isBefore(before.at()) ? before : now);
        }

        Count count() {
            int stillFailing =
                    (int) failed.stream().filter(t -> last.get(t).failedOfIt()).count();
            return new Count(failed.size(), stillFailing);
        }
    }
}
