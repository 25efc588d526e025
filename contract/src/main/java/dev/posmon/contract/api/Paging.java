package dev.posmon.contract.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How every list endpoint of posmon pages: at most {@code limit} items (default {@link #DEFAULT_LIMIT}, at most
 * {@link #MAX_LIMIT}) in the list's own order, and, when more follow, a {@code Link: <…>; rel="next"} header whose
 * {@code cursor} parameter resumes after the last item answered. The cursor is a position (the sort key and the id of
 * that last item), not an offset: an item added meanwhile neither repeats nor hides one. The body stays a JSON array.
 * Plain class.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Paging() {}

    /**
     * Where a page starts: after the item with this sort key and id, in the list's order.
     *
     * @param at the sort key of the last item answered (a time in every posmon list)
     * @param id its id, which orders items with the same key
     */
    public record Cursor(Instant at, String id) {

        /** Opaque to callers: base64url of {@code <instant>|<id>}. */
        public String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor decode(String value) {
            String text;
            try {
                text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidCursor(value);
            }
            int bar = text.indexOf('|');
            if (bar <= 0 || bar == text.length() - 1) {
                throw invalidCursor(value);
            }
            Instant at;
            try {
                at = Instant.parse(text.substring(0, bar));
            } catch (DateTimeParseException e) {
                throw invalidCursor(value);
            }
            // no list holds an item of such a time: a cursor that says so was not given out, and the database would
            // refuse the instant
            if (!StoredInstants.within(at)) {
                throw invalidCursor(value);
            }
            return new Cursor(at, text.substring(bar + 1));
        }

        private static InvalidParameter invalidCursor(String value) {
            String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
            return new InvalidParameter(
                    "cursor",
                    "is not a cursor this list gave out (take it from the Link header of the page before), got '"
                            + shown + "'");
        }
    }

    /**
     * The paging parameters of one request.
     *
     * @param after null for the first page
     */
    public record Request(int limit, Cursor after) {

        /** The first page of the default size. */
        public static Request first() {
            return new Request(DEFAULT_LIMIT, null);
        }

        /** Reads {@code limit} and {@code cursor} as posted; absent or blank means the default, the first page. */
        public static Request parse(String limit, String cursor) {
            int size = DEFAULT_LIMIT;
            if (limit != null && !limit.isBlank()) {
                try {
                    size = Integer.parseInt(limit.trim());
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 1 || size > MAX_LIMIT) {
                    throw new InvalidParameter(
                            "limit",
                            "must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                                    + (limit.length() > 20 ? limit.substring(0, 20) + "…" : limit) + "'");
                }
            }
            if (cursor != null && cursor.length() > 512) {
                throw new InvalidParameter("cursor", "is longer than any cursor this list gives out (512 characters)");
            }
            return new Request(size, cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor.trim()));
        }
    }

    /**
     * One page of a list.
     *
     * @param next where the next page starts; null when this one is the last
     */
    public record Page<T>(List<T> items, Cursor next) {

        /**
         * The page of {@code rows} that a query answered with at most {@code limit + 1} rows after the cursor: the
         * extra row only says that another page follows.
         */
        public static <T> Page<T> ofFetched(List<T> rows, Request request, Function<T, Cursor> position) {
            if (rows.size() <= request.limit()) {
                return new Page<>(List.copyOf(rows), null);
            }
            List<T> items = List.copyOf(rows.subList(0, request.limit()));
            return new Page<>(items, position.apply(items.get(items.size() - 1)));
        }

        /** The page of a whole list held in memory, in ascending order of its position (time, then id). */
        public static <T> Page<T> ofAscending(List<T> all, Request request, Function<T, Cursor> position) {
            Comparator<Cursor> order = Comparator.comparing(Cursor::at).thenComparing(Cursor::id);
            List<T> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparing(position, order));
            List<T> rows = new ArrayList<>(Math.min(sorted.size(), request.limit() + 1));
            for (T item : sorted) {
                if (request.after() != null && order.compare(position.apply(item), request.after()) <= 0) {
                    continue;
                }
                rows.add(item);
                if (rows.size() > request.limit()) {
                    break;
                }
            }
            return ofFetched(rows, request, position);
        }
    }

    /**
     * The {@code Link} header value that points at the next page: {@code path} with the request's other query
     * parameters kept and {@code cursor}, {@code limit} set; a reference relative to the server, so that it holds
     * behind a proxy.
     */
    public static String nextLink(String path, Map<String, List<String>> query, Request request, Cursor next) {
        StringBuilder link = new StringBuilder("<").append(path).append('?');
        query.forEach((name, values) -> {
            if (!name.equals("cursor") && !name.equals("limit")) {
                values.forEach(value -> link.append(encode(name))
                        .append('=')
                        .append(encode(value))
                        .append('&'));
            }
        });
        link.append("limit=").append(request.limit()).append("&cursor=").append(next.encode());
        return link.append(">; rel=\"next\"").toString();
    }

    /** For a client: the reference of the next page in a {@code Link} header, or null when there is none. */
    public static String nextFrom(String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        for (String link : linkHeader.split(",")) {
            String trimmed = link.trim();
            int close = trimmed.indexOf('>');
            if (trimmed.startsWith("<")
                    && close > 0
                    && trimmed.substring(close).replace(" ", "").contains(";rel=\"next\"")) {
                return trimmed.substring(1, close);
            }
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
