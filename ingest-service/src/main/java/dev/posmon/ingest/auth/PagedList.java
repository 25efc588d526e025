package dev.posmon.ingest.auth;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.api.Paging;
import dev.posmon.security.ApiProblem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a credential list held in memory (ingest's API keys, the desk credentials), oldest first, as the
 * response body with a {@code Link: <…&cursor=…>; rel="next"} header while more follow; a {@code limit} or
 * {@code cursor} that does not read is a 400 problem naming it.
 */
public final class PagedList {

    private PagedList() {}

    public static <T, V> Response of(
            List<T> all,
            String limit,
            String cursor,
            UriInfo uri,
            Function<T, Paging.Cursor> position,
            Function<T, V> view) {
        Paging.Request request;
        try {
            request = Paging.Request.parse(limit, cursor);
        } catch (InvalidParameter e) {
            throw ApiProblem.badRequest(e.parameter(), e.getMessage());
        }
        Paging.Page<T> page = Paging.Page.ofAscending(all, request, position);
        Response.ResponseBuilder answer =
                Response.ok(page.items().stream().map(view).toList());
        if (page.next() != null) {
            answer.header("Link", Paging.nextLink(uri.getPath(), uri.getQueryParameters(), request, page.next()));
        }
        return answer.build();
    }
}
