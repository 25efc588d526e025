package dev.posmon.alerting.incident;

import dev.posmon.contract.cube.TerminalSet;

/**
 * The terminals of one scope in one window, united over the scope's cube cells.
 *
 * @param failed       terminals with at least one failure in the window
 * @param failingAtEnd those of them whose last attempt in the window failed
 * @param recovered    terminals whose last attempt in the window succeeded after a failure
 * @param failingCount the cells' own count of failing terminals (a cell from a sender without sets counts here only)
 */
public record WindowTerminals(TerminalSet failed, TerminalSet failingAtEnd, TerminalSet recovered, long failingCount) {

    public static final WindowTerminals NONE =
            new WindowTerminals(TerminalSet.EMPTY, TerminalSet.EMPTY, TerminalSet.EMPTY, 0);
}
