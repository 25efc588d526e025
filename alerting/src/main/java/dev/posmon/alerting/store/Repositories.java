package dev.posmon.alerting.store;

import dev.posmon.alerting.incident.IncidentFilter;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
}
