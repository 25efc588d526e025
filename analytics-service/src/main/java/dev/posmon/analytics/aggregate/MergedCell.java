package dev.posmon.analytics.aggregate;

import dev.posmon.contract.cube.CubeCell;

/**
 * What the cube's second stage emits: a closed window's cell, the truth for {@code signon.cube.v1}, or a running
 * cell of a window still open, its counts so far, for {@code signon.cube.running.v1}.
 */
public record MergedCell(CubeCell cell, boolean running) {}
