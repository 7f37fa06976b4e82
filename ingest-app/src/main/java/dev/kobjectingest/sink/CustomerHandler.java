package dev.kobjectingest.sink;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.kustomer.KustomerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds or creates the customer of one identity: cached id, else the lookups in order (externalId,
 * email, phone; 404 is "absent"), else a create. A 409 on create means the customer appeared
 * meanwhile (another client); the lookups run again and find it. Only this handler creates
 * customers, and commands are keyed by identity, so two creates for one identity never race inside
 * the pipeline.
 */
final class CustomerHandler {
  private final KustomerGateway api;
  private final Map<String, String> ids = new ConcurrentHashMap<>();

  CustomerHandler(KustomerGateway api) {
    this.api = api;
  }

  /** The customer id of the command's identity. */
  String resolve(CustomerCommand c) throws CallFailure, InterruptedException {
    String cached = ids.get(c.identityKey());
    if (cached != null) {
      return cached;
    }
    String id = lookup(c);
    if (id == null) {
      try {
        id = api.call("POST", "/v1/customers", c.customer(), "/v1/customers", Set.of()).id();
      } catch (CallFailure f) {
        if (f.status() == null || f.status() != 409) {
          throw f;
        }
        id = lookup(c);
        if (id == null) {
          throw f;
        }
      }
    }
    ids.put(c.identityKey(), id);
    return id;
  }

  private String lookup(CustomerCommand c) throws CallFailure, InterruptedException {
    for (String lookup : c.lookups()) {
      String cached = ids.get(lookup);
      if (cached != null) {
        return cached;
      }
      int colon = lookup.indexOf(':');
      String kind = lookup.substring(0, colon);
      String value =
          URLEncoder.encode(lookup.substring(colon + 1), StandardCharsets.UTF_8)
              .replace("+", "%20");
      KustomerResponse r =
          api.call(
              "GET",
              "/v1/customers/" + kind + "=" + value,
              null,
              "/v1/customers/" + kind + "=",
              Set.of(404));
      if (r.status() == 200 && r.id() != null) {
        ids.put(lookup, r.id());
        return r.id();
      }
    }
    return null;
  }

  void remember(String identityKey, String customerId) {
    ids.put(identityKey, customerId);
  }
}
