package dev.posmon.alerting.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The Panache repositories of alerting's tables. */
public final class Repositories {

    private Repositories() {
    }

    @ApplicationScoped
    public static class Incidents implements PanacheRepositoryBase<IncidentEntity, String> {

        public Uni<List<IncidentEntity>> active() {
            return list("status <> 'RESOLVED'");
        }

        public Uni<List<IncidentEntity>> search(String status, String kind, Instant since) {
            StringBuilder query = new StringBuilder("1 = 1");
            var params = new java.util.HashMap<String, Object>();
            if (status != null) {
                query.append(" and status = :status");
                params.put("status", status);
            }
            if (kind != null) {
                query.append(" and kind = :kind");
                params.put("kind", kind);
            }
            if (since != null) {
                query.append(" and (onset >= :since or resolvedAt is null or resolvedAt >= :since)");
                params.put("since", since);
            }
            return list(query + " order by onset desc", params);
        }
    }

    @ApplicationScoped
    public static class MaintenanceWindows implements PanacheRepositoryBase<MaintenanceWindowEntity, String> {
    }

    @ApplicationScoped
    public static class Outbox implements PanacheRepositoryBase<OutboxEntry, Long> {

        public Uni<List<OutboxEntry>> due(Instant now, int limit) {
            return find("deliveredAt is null and nextAttemptAt <= ?1 order by id", now).page(0, limit).list();
        }

        public Uni<Long> depth() {
            return count("deliveredAt is null");
        }
    }
}
