package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upserts an order's KObject (and its items in the Rel model) by externalId: Kustomer has no
 * upsert, so a cached id, else a lookup, then PUT by id or POST under the customer. A retried
 * create finds what an earlier attempt made (the lookup comes first), so a crash or a lost response
 * between a POST and the commit never makes a second object. Commands older than the one last
 * applied for an order are skipped.
 */
final class OrderHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final KustomerGateway api;
  private final KlassBootstrap klasses;
  private final Map<String, String> ids = new ConcurrentHashMap<>();
  private final Map<String, Long> applied = new ConcurrentHashMap<>();

  OrderHandler(KustomerGateway api, KlassBootstrap klasses) {
    this.api = api;
    this.klasses = klasses;
  }

  /** Whether a command is older than what was applied for its order already. */
  boolean stale(OrderCommand c) {
    Long done = applied.get(c.orderId());
    return done != null && c.changes() <= done;
  }

  void apply(OrderCommand c) throws CallFailure, InterruptedException {
    if (stale(c)) {
      return;
    }
    if ("rel".equals(c.model())) {
      applyRel(c);
    } else {
      upsert(c.klass(), c.customerId(), c.orderId(), c.order());
    }
    applied.merge(c.orderId(), c.changes(), Math::max);
  }

  private void applyRel(OrderCommand c) throws CallFailure, InterruptedException {
    String itemsRel = c.relationships().get(0);
    String orderRel = c.relationships().get(1);
    String orderId = find(c.klass(), c.orderId());
    boolean created = orderId == null;
    if (created) {
      orderId = create(c.klass(), c.customerId(), c.orderId(), c.order());
    }
    ArrayNode itemIds = NODES.arrayNode();
    for (ObjectNode item : c.items()) {
      ObjectNode body = item.deepCopy();
      ((ObjectNode) body.path("custom")).put(orderRel, orderId);
      itemIds.add(upsert(c.itemKlass(), c.customerId(), item.path("externalId").asText(), body));
    }
    // Kustomer overwrites a multi relationship, never appends: the complete list goes every time.
    ObjectNode order;
    if (created) {
      order = NODES.objectNode();
      order.putObject("custom").set(itemsRel, itemIds);
    } else {
      order = c.order().deepCopy();
      ((ObjectNode) order.path("custom")).set(itemsRel, itemIds);
    }
    update(c.klass(), orderId, c.orderId(), order, c.customerId());
  }

  /** PUT when the object exists, POST when not; returns its id. */
  private String upsert(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    String id = find(klass, externalId);
    if (id == null) {
      return create(klass, customerId, externalId, body);
    }
    update(klass, id, externalId, body, customerId);
    return id;
  }

  private void update(
      String klass, String id, String externalId, ObjectNode body, String customerId)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call(
            "PUT",
            "/v1/klasses/" + klass + "/" + id,
            body,
            "/v1/klasses/" + klass + "/{id}",
            Set.of(404));
    if (r.status() == 404) {
      // Deleted in Kustomer since we cached its id: forget it and create it again.
      ids.remove(cacheKey(klass, externalId));
      create(klass, customerId, externalId, body);
    }
  }

  private String find(String klass, String externalId) throws CallFailure, InterruptedException {
    String key = cacheKey(klass, externalId);
    String cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String ext = URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20");
    String path = "/v1/klasses/" + klass + "/externalId=" + ext;
    String template = "/v1/klasses/" + klass + "/externalId=";
    KustomerResponse r = api.call("GET", path, null, template, Set.of(404));
    if (r.status() == 404 && "klass_not_found".equals(r.errorCode())) {
      // Created now (or refused, which throws); asked once more, and a second miss is an ordinary
      // 404.
      klasses.missing(klass);
      r = api.call("GET", path, null, template, Set.of(404));
    }
    if (r.status() == 404) {
      return null;
    }
    ids.put(key, r.id());
    return r.id();
  }

  private String create(String klass, String customerId, String externalId, ObjectNode body)
      throws CallFailure, InterruptedException {
    KustomerResponse r =
        api.call(
            "POST",
            "/v1/customers/" + customerId + "/klasses/" + klass,
            body,
            "/v1/customers/{id}/klasses/" + klass,
            Set.of());
    ids.put(cacheKey(klass, externalId), r.id());
    return r.id();
  }

  private static String cacheKey(String klass, String externalId) {
    return klass + '\u0000' + externalId;
  }
}
