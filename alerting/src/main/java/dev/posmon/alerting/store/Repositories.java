package dev.posmon.alerting.store;

import dev.posmon.alerting.incident.IncidentFilter;
import dev.posmon.contract.api.Paging;
import dev.posmon.security.AcquirerScope;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;

/** The Panache repositories of alerting's tables. */
public final class Repositories {

    private Repositories() {}

    @ApplicationScoped
    public static class Incidents implements PanacheRepositoryBase<IncidentEntity, String> {

        public Uni<List<IncidentEntity>> active() {
            return list("status <> 'RESOLVED'");
        }

        /**
         * Newest first (onset, then id, descending): at most {@code page.limit() + 1} incidents after the page's cursor,
         * the extra one saying that another page follows.
         */
        /** A page of incidents that pass the filter and that the caller's {@code scope} may see, newest first. */
        public Uni<List<IncidentEntity>> search(IncidentFilter filter, Paging.Request page, AcquirerScope scope) {
            StringBuilder query = new StringBuilder("1 = 1");
            var params = new HashMap<String, Object>();
            if (!scope.all()) {
                query.append(" and array_intersects(acquirers, :acquirers)");
                params.put("acquirers", scope.acquirers().toArray(String[]::new));
            }
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
            if (page.after() != null) {
                query.append(" and (onset < :afterOnset or (onset = :afterOnset and id < :afterId))");
                params.put("afterOnset", page.after().at());
                params.put("afterId", page.after().id());
            }
            return find(query + " order by onset desc, id desc", params)
                    .range(0, page.limit())
                    .list();
        }
    }

    @ApplicationScoped
    public static class MaintenanceWindows implements PanacheRepositoryBase<MaintenanceWindowEntity, String> {}
}
