package dev.posmon.alerting.store;

import dev.posmon.alerting.incident.IncidentFilter;
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

        public Uni<List<IncidentEntity>> search(IncidentFilter filter) {
            StringBuilder query = new StringBuilder("1 = 1");
            var params = new java.util.HashMap<String, Object>();
            if (filter.status() != null) {
                query.append(" and status = :status");
                params.put("status", filter.status().name());
            }
            if (filter.kind() != null) {
                query.append(" and kind = :kind");
                params.put("kind", filter.kind().name());
            }
            if (filter.since() != null) {
                query.append(" and (onset >= :since or resolvedAt is null or resolvedAt >= :since)");
                params.put("since", filter.since());
            }
            return list(query + " order by onset desc", params);
        }
    }

    @ApplicationScoped
    public static class MaintenanceWindows implements PanacheRepositoryBase<MaintenanceWindowEntity, String> {
    }

    @ApplicationScoped
    public static class Outbox implements PanacheRepositoryBase<OutboxEntry, Long> {

        static final String PENDING = "deliveredAt is null and supersededBy is null";

        /** Undelivered rows no newer row replaced, oldest first. */
        public Uni<List<OutboxEntry>> pending(int limit) {
            return find(PENDING + " order by id").page(0, limit).list();
        }

        /** Marks a row obsolete (never sent): {@code newer} carries a later state of the same incident for the same receiver. */
        public Uni<Integer> supersede(long id, long newer, Instant now) {
            return update("supersededBy = ?1, supersededAt = ?2 where id = ?3 and deliveredAt is null and supersededBy is null", newer, now, id);
        }

        public Uni<Long> depth() {
            return count(PENDING);
        }

        public Uni<OutboxEntry> oldestPending() {
            return find(PENDING + " order by createdAt, id").firstResult();
        }
    }
}
