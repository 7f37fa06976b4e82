package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code POST /v1/customers/search}: runs a {@link SearchQuery} over the org's customers or one
 * klass's KObjects and renders the page in openapi.json's response shape ({@code meta} with {@code
 * aggregations}, {@code data}, {@code links} with {@code last}). Paging is by query parameters,
 * {@code page} (at most 100: Kustomer's hard limit) and {@code pageSize} (at most 500).
 */
final class Search {
  static final int MAX_PAGE = 100;
  static final int MAX_PAGE_SIZE = 500;

  private final OrgState state;

  Search(OrgState state) {
    this.state = state;
  }

  ApiResponse handle(ApiRequest q) {
    int page = q.intQuery("page", 1, 1, MAX_PAGE);
    int pageSize = q.intQuery("pageSize", 100, 1, MAX_PAGE_SIZE);
    SearchQuery query = SearchQuery.parse(q.json());
    if (query.klass() == null) {
      List<StoredCustomer> hits = state.searchCustomers(query.criterion());
      hits.sort(order(query.sort(), c -> c.createdAt, c -> c.updatedAt, c -> c.id));
      return ApiResponse.of(
          200, page(hits, page, pageSize, query.fields(), Representations::customer));
    }
    String klass = query.klass();
    String icon = state.klass(klass).attributes.path("icon").asText("object");
    List<StoredKObject> hits = state.searchKObjects(klass, query.criterion());
    hits.sort(order(query.sort(), o -> o.createdAt, o -> o.updatedAt, o -> o.id));
    return ApiResponse.of(
        200, page(hits, page, pageSize, query.fields(), o -> Representations.kobject(o, icon)));
  }

  /**
   * The requested sort, then oldest first; the id breaks ties so pages never overlap, in the
   * direction of the first sort key (ids grow with creation: newest first stays newest first within
   * one millisecond).
   */
  private static <T> Comparator<T> order(
      List<SearchQuery.SortKey> keys,
      Function<T, Instant> created,
      Function<T, Instant> updated,
      Function<T, String> id) {
    Comparator<T> order = null;
    for (SearchQuery.SortKey key : keys) {
      Comparator<T> next = Comparator.comparing(key.byUpdate() ? updated : created);
      next = key.ascending() ? next : next.reversed();
      order = order == null ? next : order.thenComparing(next);
    }
    Comparator<T> oldestFirst = Comparator.comparing(created);
    order = order == null ? oldestFirst : order.thenComparing(oldestFirst);
    Comparator<T> byId = Comparator.comparing(id);
    return order.thenComparing(keys.isEmpty() || keys.get(0).ascending() ? byId : byId.reversed());
  }

  private static <T> ObjectNode page(
      List<T> hits, int page, int pageSize, Set<String> fields, Function<T, ObjectNode> render) {
    int from = Math.min(hits.size(), (page - 1) * pageSize);
    int to = Math.min(hits.size(), from + pageSize);
    int totalPages = Math.max(1, (hits.size() + pageSize - 1) / pageSize);
    ObjectNode body = Json.object();
    body.putObject("meta")
        .put("pageSize", pageSize)
        .put("page", page)
        .put("total", hits.size())
        .put("totalPages", totalPages)
        .putObject("aggregations");
    ArrayNode data = body.putArray("data");
    for (T hit : hits.subList(from, to)) {
      ObjectNode resource = render.apply(hit);
      if (!fields.isEmpty()) {
        ((ObjectNode) resource.get("attributes")).retain(fields);
      }
      data.add(resource);
    }
    ObjectNode links = body.putObject("links");
    links.put("self", link(page, pageSize));
    links.put("first", link(1, pageSize));
    if (page > 1) {
      links.put("prev", link(page - 1, pageSize));
    } else {
      links.putNull("prev");
    }
    if (page < totalPages && page < MAX_PAGE) {
      links.put("next", link(page + 1, pageSize));
    } else {
      links.putNull("next");
    }
    links.put("last", link(Math.min(totalPages, MAX_PAGE), pageSize));
    return body;
  }

  private static String link(int page, int pageSize) {
    return "/v1/customers/search?page=" + page + "&pageSize=" + pageSize;
  }
}
