package dev.posmon.analytics.topology;

import dev.posmon.contract.classify.ClassifiedAttempt;

/** Sees every classified attempt as it leaves the classifier (metrics). */
@FunctionalInterface
public interface AttemptObserver {

    AttemptObserver NONE = attempt -> { };

    void classified(ClassifiedAttempt attempt);
}
