package dev.posmon.analytics.aggregate;

import dev.posmon.contract.classify.ClassifiedAttempt;

/** Sees what the cube could not count (metrics and logs): nothing is dropped silently. */
public interface CubeObserver {

    /** An attempt that arrived after its window had closed on its partition (it is still classified). */
    default void lateForCube(ClassifiedAttempt attempt) {}

    /** A partition's counts for a window that had already been emitted without them. */
    default void latePartial(CubeMessage.Partial partial, String cellKey) {}
}
