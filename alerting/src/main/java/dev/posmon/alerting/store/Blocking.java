package dev.posmon.alerting.store;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Runs reactive Panache work from a worker or consumer thread and waits for it: Hibernate Reactive needs a
 * Vert.x context, which {@link VertxContextSupport} provides.
 */
public final class Blocking {

    private Blocking() {}

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
