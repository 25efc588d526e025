package dev.posmon.contract.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.posmon.contract.api.Paging.Cursor;
import dev.posmon.contract.api.Paging.Page;
import dev.posmon.contract.api.Paging.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PagingTest {

    record Item(Instant at, String id) {
        Cursor position() {
            return new Cursor(at, id);
        }
    }

    @Test
    void limitAndCursorAreReadOrRefusedNamingTheParameter() {
        assertThat(Request.parse(null, null)).isEqualTo(new Request(Paging.DEFAULT_LIMIT, null));
        assertThat(Request.parse(" 5 ", "")).isEqualTo(new Request(5, null));
        assertThat(Request.parse("1000", null).limit()).isEqualTo(1000);
        for (String bad : List.of("0", "-3", "1001", "ten", "1e3", "99999999999999999999")) {
            assertThatThrownBy(() -> Request.parse(bad, null))
                    .isInstanceOfSatisfying(
                            InvalidParameter.class,
                            e -> assertThat(e.parameter()).isEqualTo("limit"));
        }
        // the last two: instants that parse but that no list holds (years 999999 and -1)
        for (String bad : List.of(
                "%%%",
                "bm8tYmFy",
                "fA",
                "x".repeat(600),
                "bm90LWEtdGltZXxpZA",
                new Cursor(Instant.parse("+999999-01-01T00:00:00Z"), "id").encode(),
                new Cursor(Instant.parse("-0001-01-01T00:00:00Z"), "id").encode())) {
            assertThatThrownBy(() -> Request.parse("10", bad))
                    .isInstanceOfSatisfying(
                            InvalidParameter.class,
                            e -> assertThat(e.parameter()).isEqualTo("cursor"));
        }
    }

    @Test
    void aCursorReadsBackAsItWasWritten() {
        Cursor cursor = new Cursor(Instant.parse("2026-12-06T07:00:00.123456Z"), "inc-42|odd id");
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void pagesWalkTheWholeListOnceInOrderAcrossEqualTimes() {
        Random random = new Random(7);
        List<Item> all = new ArrayList<>();
        for (int i = 0; i < 537; i++) {
            all.add(new Item(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(60)), "id-" + i));
        }
        List<Item> walked = new ArrayList<>();
        Request request = new Request(50, null);
        int pages = 0;
        while (true) {
            Page<Item> page = Page.ofAscending(all, request, Item::position);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(50);
            walked.addAll(page.items());
            pages++;
            if (page.next() == null) {
                break;
            }
            request = Request.parse("50", page.next().encode());
        }
        assertThat(pages).isEqualTo(11);
        assertThat(walked).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
        for (int i = 1; i < walked.size(); i++) {
            Item a = walked.get(i - 1);
            Item b = walked.get(i);
            assertThat(a.at().isBefore(b.at()) || a.at().equals(b.at()) && a.id().compareTo(b.id()) < 0)
                    .as("%s before %s", a, b)
                    .isTrue();
        }
    }

    @Test
    void aFullLastPageHasNoNext() {
        List<Item> all = List.of(new Item(Instant.EPOCH, "a"), new Item(Instant.EPOCH, "b"));
        assertThat(Page.ofAscending(all, new Request(2, null), Item::position).next())
                .isNull();
        assertThat(Page.ofAscending(all, new Request(1, null), Item::position).next())
                .isEqualTo(new Cursor(Instant.EPOCH, "a"));
    }

    @Test
    void theNextLinkKeepsTheFiltersAndReadsBack() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("status", List.of("OPEN"));
        query.put("since", List.of("2026-12-06T08:00:00+08:00"));
        query.put("cursor", List.of("old"));
        Cursor next = new Cursor(Instant.parse("2026-12-06T00:00:00Z"), "i1");
        String link = Paging.nextLink("/v1/incidents", query, new Request(20, null), next);
        assertThat(link)
                .isEqualTo("</v1/incidents?status=OPEN&since=2026-12-06T08%3A00%3A00%2B08%3A00&limit=20&cursor="
                        + next.encode() + ">; rel=\"next\"");
        assertThat(Paging.nextFrom(link)).startsWith("/v1/incidents?status=OPEN&");
        assertThat(Paging.nextFrom("<https://x/prev>; rel=\"prev\", " + link)).endsWith(next.encode());
        assertThat(Paging.nextFrom(null)).isNull();
        assertThat(Paging.nextFrom("<https://x/prev>; rel=\"prev\"")).isNull();
    }
}
