package dev.kobjectingest.kustomer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.mapping.WriteModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kustomer requests that carry out a command when no id is known yet (a first write), with
 * placeholders for ids the earlier requests would return. Kustomer has no upsert, so each object is
 * looked up by externalId first (docs/design.md 3). A sink that knows ids from its cache skips the
 * lookups and branches.
 */
public final class RequestPlanner {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RequestPlanner() {}

  /** Find the customer by each identity in turn, and create it when none finds one. */
  public static List<ApiCall> customer(CustomerCommand c) {
    List<ApiCall> calls = new ArrayList<>();
    String previous = null;
    for (String lookup : c.lookups()) {
      int colon = lookup.indexOf(':');
      String kind = lookup.substring(0, colon);
      String value = lookup.substring(colon + 1);
      calls.add(
          new ApiCall(
              "GET",
              "/v1/customers/" + kind + "=" + ApiPath.segment(value),
              null,
              previous == null ? null : "404 above: not found by " + previous));
      previous = kind;
    }
    calls.add(
        new ApiCall("POST", "/v1/customers", c.customer(), "every lookup above answered 404"));
    return calls;
  }

  /** The update of a known customer's profile (merged: attributes the rules do not own stay). */
  public static ApiCall customerUpdate(ObjectNode update) {
    return new ApiCall(
        "PATCH",
        "/v1/customers/<customer-id>",
        update,
        "once the customer's id is known, and again only when its profile changes (several"
            + " customers' updates together: one PUT /v1/customers/bulk)");
  }

  /** The one-time declaration of the Rel model's relationships, made at start-up. */
  public static List<ApiCall> relMetadata(
      String orderKlass, String itemKlass, String itemsRel, String orderRel) {
    ObjectNode orderSide = NODES.objectNode();
    orderSide
        .putObject("relationships")
        .putObject(itemsRel)
        .put("displayName", "Order Items")
        .put("target", "kobject." + itemKlass)
        .put("multi", true);
    ObjectNode itemSide = NODES.objectNode();
    itemSide
        .putObject("relationships")
        .putObject(orderRel)
        .put("displayName", "Order")
        .put("target", "kobject." + orderKlass)
        .put("multi", false);
    return List.of(
        new ApiCall("PUT", "/v1/metadata/kobject." + orderKlass, orderSide, "once, at start-up"),
        new ApiCall("PUT", "/v1/metadata/kobject." + itemKlass, itemSide, "once, at start-up"));
  }

  /** Upsert the order (and its items, in the Rel model) by externalId. */
  public static List<ApiCall> order(OrderCommand cmd) {
    String klass = cmd.klass();
    String customer =
        cmd.customerId() == null ? "<customer-id>" : ApiPath.segment(cmd.customerId());
    String orderId = "<" + klass + "-id>";
    List<ApiCall> calls = new ArrayList<>();
    calls.add(
        new ApiCall(
            "GET",
            "/v1/klasses/" + klass + "/externalId=" + ApiPath.segment(cmd.orderId()),
            null,
            null));
    if (WriteModel.parse(cmd.model()) != WriteModel.REL) {
      calls.add(
          new ApiCall(
              "PUT",
              "/v1/klasses/" + klass + "/" + orderId,
              cmd.order(),
              "200 above: the order exists"));
      calls.add(
          new ApiCall(
              "POST",
              "/v1/customers/" + customer + "/klasses/" + klass,
              cmd.order(),
              "404 above: a new order"));
      return calls;
    }
    String itemsRel = cmd.relationships().get(0);
    String orderRel = cmd.relationships().get(1);
    calls.add(
        new ApiCall(
            "POST",
            "/v1/customers/" + customer + "/klasses/" + klass,
            cmd.order(),
            "404 above: a new order, created before its items so they can point to it"));
    ArrayNode itemIds = NODES.arrayNode();
    for (ObjectNode item : cmd.items()) {
      String ext = item.path("externalId").asText();
      String itemId = "<" + cmd.itemKlass() + "-id " + ext + ">";
      itemIds.add(itemId);
      ObjectNode body = item.deepCopy();
      ((ObjectNode) body.path("custom")).put(orderRel, orderId);
      calls.add(
          new ApiCall(
              "GET",
              "/v1/klasses/" + cmd.itemKlass() + "/externalId=" + ApiPath.segment(ext),
              null,
              null));
      calls.add(
          new ApiCall(
              "PUT",
              "/v1/klasses/" + cmd.itemKlass() + "/" + itemId,
              body,
              "200 above: the item exists"));
      calls.add(
          new ApiCall(
              "POST",
              "/v1/customers/" + customer + "/klasses/" + cmd.itemKlass(),
              body,
              "404 above: a new item"));
    }
    ObjectNode complete = cmd.order().deepCopy();
    ((ObjectNode) complete.path("custom")).set(itemsRel, itemIds);
    calls.add(
        new ApiCall(
            "PUT",
            "/v1/klasses/" + klass + "/" + orderId,
            complete,
            "always: the complete "
                + itemsRel
                + " (Kustomer overwrites relationship arrays, never appends)"));
    return calls;
  }
}
