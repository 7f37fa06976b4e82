package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import java.util.Set;

/**
 * What to do when a klass is missing: create it ({@code POST /v1/klasses}) when bootstrap is on,
 * else fail the record with a clear reason. Also declares the Rel model's relationships once at
 * start-up.
 */
final class KlassBootstrap {
  static final String KLASS_MISSING = "klass-missing";

  private final KustomerGateway api;
  private final boolean bootstrap;
  private final boolean failWhenMissing;

  private final java.util.Map<String, Long> created = new java.util.HashMap<>();

  /**
   * @param failWhenMissing with bootstrap off: stop the instance (a configuration error) instead of
   *     dead-lettering each record of the missing klass
   */
  KlassBootstrap(KustomerGateway api, boolean bootstrap, boolean failWhenMissing) {
    this.failWhenMissing = failWhenMissing;
    this.api = api;
    this.bootstrap = bootstrap;
  }

  /** Called when Kustomer says the klass does not exist; returns when it does, or throws. */
  void missing(String klass) throws CallFailure, InterruptedException {
    if (!bootstrap) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.putArray("errors")
          .addObject()
          .put("code", "klass_not_found")
          .put("detail", "klass '" + klass + "' does not exist");
      throw new CallFailure(
          failWhenMissing ? Outcome.FATAL : Outcome.PERMANENT,
          "klass '" + klass + "' is missing and kustomer.klass.bootstrap is off",
          KustomerResponse.of(404, body),
          null);
    }
    create(klass);
  }

  /**
   * Creates the klass: many writes meet a missing klass at the same moment, and one creation serves
   * them all (a klass deleted later is created again after a minute).
   */
  synchronized void create(String klass) throws CallFailure, InterruptedException {
    Long at = created.get(klass);
    long now = System.nanoTime();
    if (at != null && now - at < java.util.concurrent.TimeUnit.MINUTES.toNanos(1)) {
      return;
    }
    created.put(klass, now);
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("name", klass).put("displayName", klass);
    try {
      api.call("POST", "/v1/klasses", body, "/v1/klasses", Set.of(409));
    } catch (CallFailure | RuntimeException e) {
      created.remove(klass);
      throw e;
    }
  }

  /**
   * Ensures both klasses exist (when bootstrapping) and declares the relationships of the Rel
   * model.
   */
  void declareRel(String orderKlass, String itemKlass, String itemsRel, String orderRel)
      throws CallFailure, InterruptedException {
    if (bootstrap) {
      create(orderKlass);
      create(itemKlass);
    }
    ObjectNode order = JsonNodeFactory.instance.objectNode();
    order
        .putObject("relationships")
        .putObject(itemsRel)
        .put("displayName", "Order Items")
        .put("target", "kobject." + itemKlass)
        .put("multi", true);
    api.call(
        "PUT", "/v1/metadata/kobject." + orderKlass, order, "/v1/metadata/{resource}", Set.of());
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.putObject("relationships")
        .putObject(orderRel)
        .put("displayName", "Order")
        .put("target", "kobject." + orderKlass)
        .put("multi", false);
    api.call("PUT", "/v1/metadata/kobject." + itemKlass, item, "/v1/metadata/{resource}", Set.of());
  }
}
