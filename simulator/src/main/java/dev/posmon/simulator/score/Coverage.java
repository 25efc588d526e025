package dev.posmon.simulator.score;

import dev.posmon.simulator.fleet.Fleet;
import dev.posmon.simulator.fleet.Terminal;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which terminals of a simulated fleet a scope covers, and so how an incident's scope fits a truth's: two scopes that
 * name different cells can cover the same terminals ({@code {firmware=PAX-7.3.9}} and
 * {@code {model=A920, firmware=PAX-7.3.9}}, since only the A920 runs that firmware). A terminal is in a scope when
 * each of the scope's dimensions has the terminal's value, as analytics' cube names it; a dimension the cube does not
 * have matches no terminal. Plain class; remembers each scope's terminals.
 */
public final class Coverage {

    /** How an incident's scope fits a truth's, best first. */
    public enum Fit {
        /** The same scope, or the same terminals. */
        EXACT,
        /** All of the truth's terminals and more. */
        WIDER,
        /** Some of the truth's terminals and no others. */
        NARROWER,
        /** No terminal in common, or some but each scope also has others (or, for a truth, no incident fits at all). */
        MISSED
    }

    /** The fit and the terminal counts that decided it. */
    public record ScopeFit(Fit fit, int incidentTerminals, int truthTerminals, int common) {

        public String reason() {
            return switch (fit) {
                case EXACT -> String.format("the same %,d terminals", truthTerminals);
                case WIDER ->
                    String.format(
                            "the truth's %,d terminals and %,d more",
                            truthTerminals, incidentTerminals - truthTerminals);
                case NARROWER -> String.format("%,d of the truth's %,d terminals", incidentTerminals, truthTerminals);
                case MISSED ->
                    common == 0
                            ? String.format(
                                    "no terminal in common (%,d and the truth's %,d)",
                                    incidentTerminals, truthTerminals)
                            : String.format(
                                    "%,d terminals in common, of its %,d and the truth's %,d",
                                    common, incidentTerminals, truthTerminals);
            };
        }
    }

    private final Fleet fleet;
    private final Map<Map<String, String>, BitSet> terminals = new HashMap<>();

    public Coverage(Fleet fleet) {
        this.fleet = fleet;
    }

    public ScopeFit fit(Map<String, String> incidentScope, Map<String, String> truthScope) {
        BitSet incident = terminals(incidentScope);
        BitSet truth = terminals(truthScope);
        BitSet common = (BitSet) incident.clone();
        common.and(truth);
        int i = incident.cardinality();
        int t = truth.cardinality();
        int c = common.cardinality();
        Fit fit;
        if (incidentScope.equals(truthScope) || i > 0 && incident.equals(truth)) {
            fit = Fit.EXACT;
        } else if (i == 0 || t == 0) {
            fit = Fit.MISSED;
        } else if (c == t) {
            fit = Fit.WIDER;
        } else if (c == i) {
            fit = Fit.NARROWER;
        } else {
            fit = Fit.MISSED;
        }
        return new ScopeFit(fit, i, t, c);
    }

    /** The indexes of the terminals the scope covers. */
    BitSet terminals(Map<String, String> scope) {
        return terminals.computeIfAbsent(Map.copyOf(scope), s -> {
            BitSet covered = new BitSet(fleet.size());
            for (Terminal terminal : fleet.terminals()) {
                if (s.entrySet().stream().allMatch(e -> e.getValue().equals(dimension(terminal, e.getKey())))) {
                    covered.set(terminal.index());
                }
            }
            return covered;
        });
    }

    /**
     * The terminal's value of a cube dimension (a terminal without a carrier is in the cell of its bearer, as in
     * analytics' cube).
     */
    static String dimension(Terminal terminal, String name) {
        return switch (name) {
            case "province" -> terminal.province();
            case "host" -> terminal.host();
            case "carrier" ->
                terminal.carrier() != null
                        ? terminal.carrier()
                        : terminal.networkType().wireName();
            case "model" -> terminal.record().model();
            case "firmware" -> terminal.firmware();
            case "app" -> terminal.app();
            default -> null;
        };
    }
}
