package dev.posmon.analytics.topology;

import dev.posmon.analytics.aggregate.CubeObserver;
import dev.posmon.contract.classify.ClassifiedAttempt;

/** Sees every classified attempt as it leaves the classifier, and what the cube could not count (metrics). */
@FunctionalInterface
public interface AttemptObserver extends CubeObserver {

    AttemptObserver NONE = attempt -> {};

    void classified(ClassifiedAttempt attempt);
}
