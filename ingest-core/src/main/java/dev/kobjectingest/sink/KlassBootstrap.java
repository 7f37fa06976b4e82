package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What to do when a klass is missing: create it ({@code POST /v1/klasses}) when bootstrap is on,
 * else fail the record with a clear reason. Also declares the Rel model's relationships once at
 * start-up.
 */
final class KlassBootstrap {
  /** A klass created this recently is not created again (one creation serves a burst of misses). */
  private static final Duration RECREATE_AFTER = Duration.ofMinutes(1);

  private final KustomerApi api;
  private final boolean bootstrap;
  private final boolean failWhenMissing;
  private final Clock clock;
  private final Map<String, Long> created = new HashMap<>();

  /**
   * @param failWhenMissing with bootstrap off: stop the instance (a configuration error) instead of
   *     dead-lettering each record of the missing klass
   */
  KlassBootstrap(KustomerApi api, boolean bootstrap, boolean failWhenMissing, Clock clock) {
    this.api = api;
    this.bootstrap = bootstrap;
    this.failWhenMissing = failWhenMissing;
    this.clock = clock;
  }

  /**
   * Called when Kustomer said the klass does not exist ({@code cause}); returns when it does, or
   * throws.
   */
  void missing(String klass, CallFailure cause) throws CallFailure, InterruptedException {
    if (!bootstrap) {
      throw CallFailure.klassMissing(klass, failWhenMissing, cause);
    }
    create(klass);
  }

  /**
   * Creates the klass: many writes meet a missing klass at the same moment, and one creation serves
   * them all (a klass deleted later is created again after a minute).
   */
  synchronized void create(String klass) throws CallFailure, InterruptedException {
    Long at = created.get(klass);
    long now = clock.millis();
    if (at != null && now - at < RECREATE_AFTER.toMillis()) {
      return;
    }
    created.put(klass, now);
    ObjectNode body =
        JsonNodeFactory.instance.objectNode().put("name", klass).put("displayName", klass);
    try {
      api.call("POST", ApiPath.klasses(), body, Set.of(KustomerErrors.CONFLICT)); // it exists
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
    api.call("PUT", ApiPath.kobjectMetadata(orderKlass), order, Set.of());
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.putObject("relationships")
        .putObject(orderRel)
        .put("displayName", "Order")
        .put("target", "kobject." + orderKlass)
        .put("multi", false);
    api.call("PUT", ApiPath.kobjectMetadata(itemKlass), item, Set.of());
  }
}
