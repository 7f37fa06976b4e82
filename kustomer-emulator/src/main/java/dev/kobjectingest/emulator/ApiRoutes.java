package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** The Kustomer operations the emulator serves, each bound to its handler. */
final class ApiRoutes {
  /** The search route: it spends the search budget as well as the org's. */
  static final String SEARCH = "/v1/customers/search";

  private final Operations ops;
  private final OrgState state;
  private final BulkJobs bulk;

  ApiRoutes(Operations ops, BulkJobs bulk) {
    this.ops = ops;
    this.state = ops.state();
    this.bulk = bulk;
  }

  Router router() {
    Router r = new Router();
    // Customers. Literal and prefixed routes first: {id} would otherwise match "bulk".
    r.add("POST", "/v1/customers/bulk", this::bulkCreateCustomers);
    r.add("PUT", "/v1/customers/bulk", this::bulkUpdateCustomers);
    r.add("POST", SEARCH, new Search(state)::handle);
    r.add("POST", "/v1/customers", this::createCustomer);
    r.add("GET", "/v1/customers/email={email}", q -> customerBy("email", q.param("email")));
    r.add("GET", "/v1/customers/phone={phone}", q -> customerBy("phone", q.param("phone")));
    r.add(
        "GET",
        "/v1/customers/externalId={externalId}",
        q -> customerBy("externalId", q.param("externalId")));
    r.add(
        "GET",
        "/v1/customers/{id}",
        q -> ok(Representations.single(Representations.customer(state.customer(q.param("id"))))));
    r.add(
        "PUT",
        "/v1/customers/{id}",
        q -> updateCustomer(q, "true".equals(q.query().get("replace"))));
    r.add("PATCH", "/v1/customers/{id}", q -> updateCustomer(q, false));
    r.add("GET", "/v1/customers/{id}/klasses/{name}", this::listCustomerKObjects);
    r.add("POST", "/v1/customers/{id}/klasses/{name}", q -> createKObject(q, q.param("id")));
    // Klasses and metadata.
    r.add("POST", "/v1/klasses", this::createKlass);
    r.add("GET", "/v1/klasses", this::listKlasses);
    r.add("GET", "/v1/metadata/{resource}", this::getMetadata);
    r.add("PUT", "/v1/metadata/{resource}", this::putMetadata);
    // KObjects.
    r.add("POST", "/v1/klasses/{name}/bulk", this::bulkCreateKObjects);
    r.add("PUT", "/v1/klasses/{name}/bulk", this::bulkUpdateKObjects);
    r.add("POST", "/v1/klasses/{name}", q -> createKObject(q, null));
    r.add("GET", "/v1/klasses/{name}", this::listKObjects);
    r.add("GET", "/v1/klasses/{name}/externalId={externalId}", this::kobjectByExternalId);
    r.add(
        "GET",
        "/v1/klasses/{name}/{id}",
        q -> kobject(state.kobject(q.param("name"), q.param("id"))));
    r.add("PUT", "/v1/klasses/{name}/{id}", this::updateKObject);
    r.add("DELETE", "/v1/klasses/{name}/{id}", this::deleteKObject);
    // The key check (newer docs; not in the OpenAPI copy: DEVIATIONS.md D7). Authentication has
    // already passed when a handler runs, so the answer is always the key's own description.
    r.add("GET", "/v1/auth/tokens/current", q -> ok(currentToken()));
    // Bulk jobs (newer docs; not in the OpenAPI copy).
    r.add("GET", "/v1/bulk/{id}", q -> ok(bulk.job(q.param("id"))));
    r.add("GET", "/v1/bulk/{id}/batches", q -> ok(bulk.batches(q.param("id"))));
    return r;
  }

  private static ApiResponse ok(ObjectNode body) {
    return ApiResponse.of(200, body);
  }

  /** Kustomer does not publish the shape; the emulator keeps to what a client may rely on. */
  private static ObjectNode currentToken() {
    ObjectNode data = Json.object().put("type", "token").put("id", "emulator-token");
    data.putObject("attributes").put("name", "emulator");
    ObjectNode body = Json.object();
    body.set("data", data);
    return body;
  }

  private static ObjectNode objectBody(ApiRequest q) {
    JsonNode body = q.json();
    FieldChecks.object(body, "");
    return (ObjectNode) body;
  }

  // ---------------------------------------------------------------- customers

  private ApiResponse createCustomer(ApiRequest q) {
    ObjectNode body = objectBody(q);
    RequestValidators.customer(body, "", Set.of());
    return ApiResponse.of(
        201, Representations.single(Representations.customer(ops.createCustomer(body, q.now()))));
  }

  private ApiResponse customerBy(String kind, String value) {
    return ok(Representations.single(Representations.customer(state.customerBy(kind, value))));
  }

  private ApiResponse updateCustomer(ApiRequest q, boolean replace) {
    ObjectNode body = objectBody(q);
    RequestValidators.customer(body, "", Set.of());
    StoredCustomer c = ops.updateCustomer(q.param("id"), body, replace, q.now());
    return ok(Representations.single(Representations.customer(c)));
  }

  private ApiResponse bulkCreateCustomers(ApiRequest q) {
    ObjectNode job =
        bulk.submit(
            "api.sobjects.customers.bulk-create",
            "POST",
            "/v1/customers/bulk",
            q.json(),
            (item, now) -> {
              RequestValidators.customer(item, "", Set.of());
              return new BulkJobs.Result(ops.createCustomer(item, now).id, "created");
            },
            q.now());
    return ApiResponse.of(201, job);
  }

  private ApiResponse bulkUpdateCustomers(ApiRequest q) {
    ObjectNode job =
        bulk.submit(
            "api.sobjects.customers.bulk-update",
            "PUT",
            "/v1/customers/bulk",
            q.json(),
            (item, now) -> {
              FieldChecks.required(item, "id", "");
              String id = item.get("id").asText();
              ObjectNode patch = item.deepCopy();
              patch.remove("id");
              RequestValidators.customer(patch, "", Set.of());
              return new BulkJobs.Result(ops.updateCustomer(id, patch, false, now).id, "updated");
            },
            q.now());
    return ApiResponse.of(201, job);
  }

  // ---------------------------------------------------------------- klasses and metadata

  private ApiResponse createKlass(ApiRequest q) {
    ObjectNode body = objectBody(q);
    RequestValidators.klass(body);
    return ok(Representations.single(Representations.klass(state.createKlass(body, q.now()))));
  }

  private ApiResponse listKlasses(ApiRequest q) {
    int page = q.intQuery("page", 1, 1, Integer.MAX_VALUE);
    int pageSize = q.intQuery("pageSize", 100, 1, 100);
    String status = q.query().getOrDefault("status", "enabled");
    var all =
        state.klasses().stream()
            .filter(
                k ->
                    status.equals("existing_only")
                        || k.attributes.path("status").asText("enabled").equals(status))
            .toList();
    return ok(Representations.page(all, page, pageSize, "/v1/klasses", Representations::klass));
  }

  private ApiResponse getMetadata(ApiRequest q) {
    String resource = q.param("resource");
    return ok(Representations.single(Representations.metadata(resource, state.metadata(resource))));
  }

  private ApiResponse putMetadata(ApiRequest q) {
    ObjectNode body = objectBody(q);
    RequestValidators.metadata(body);
    String resource = q.param("resource");
    ObjectNode md = state.putMetadata(resource, body, q.now());
    return ok(Representations.single(Representations.metadata(resource, md)));
  }

  // ---------------------------------------------------------------- kobjects

  private ApiResponse kobject(StoredKObject o) {
    return ok(Representations.single(render(o)));
  }

  private ObjectNode render(StoredKObject o) {
    return Representations.kobject(
        o, state.klass(o.klass).attributes.path("icon").asText("object"));
  }

  private ApiResponse createKObject(ApiRequest q, String customerFromPath) {
    ObjectNode body = objectBody(q);
    RequestValidators.kobjectCreate(body, "", Set.of());
    String customerId = customerFromPath != null ? customerFromPath : Operations.customerIdOf(body);
    StoredKObject o = ops.createKObject(q.param("name"), customerId, body, q.now());
    return ApiResponse.of(201, Representations.single(render(o)));
  }

  private ApiResponse kobjectByExternalId(ApiRequest q) {
    return kobject(state.kobjectByExternalId(q.param("name"), q.param("externalId")));
  }

  private ApiResponse updateKObject(ApiRequest q) {
    ObjectNode body = objectBody(q);
    RequestValidators.kobjectUpdate(body, "", Set.of());
    return kobject(ops.updateKObject(q.param("name"), q.param("id"), body, q.now()));
  }

  private ApiResponse deleteKObject(ApiRequest q) {
    state.deleteKObject(q.param("name"), q.param("id"));
    return ApiResponse.noContent();
  }

  private ApiResponse listKObjects(ApiRequest q) {
    return listOf(q, null, "/v1/klasses/" + q.param("name"));
  }

  private ApiResponse listCustomerKObjects(ApiRequest q) {
    String customerId = q.param("id");
    state.customer(customerId);
    return listOf(q, customerId, "/v1/customers/" + customerId + "/klasses/" + q.param("name"));
  }

  private ApiResponse listOf(ApiRequest q, String customerId, String self) {
    int page = q.intQuery("page", 1, 1, Integer.MAX_VALUE);
    int pageSize = q.intQuery("pageSize", 100, 1, 100);
    var all = state.kobjects(q.param("name"), customerId);
    return ok(Representations.page(all, page, pageSize, self, this::render));
  }

  private ApiResponse bulkCreateKObjects(ApiRequest q) {
    String klass = q.param("name");
    state.klass(klass);
    ObjectNode job =
        bulk.submit(
            "api.sobjects.kobjects.bulk-create",
            "POST",
            "/v1/klasses/" + klass + "/bulk",
            q.json(),
            (item, now) -> {
              RequestValidators.kobjectCreate(item, "", Set.of());
              StoredKObject o = ops.createKObject(klass, Operations.customerIdOf(item), item, now);
              return new BulkJobs.Result(o.id, "created");
            },
            q.now());
    return ApiResponse.of(201, job);
  }

  private ApiResponse bulkUpdateKObjects(ApiRequest q) {
    String klass = q.param("name");
    state.klass(klass);
    ObjectNode job =
        bulk.submit(
            "api.sobjects.kobjects.bulk-update",
            "PUT",
            "/v1/klasses/" + klass + "/bulk",
            q.json(),
            (item, now) -> {
              FieldChecks.required(item, "id", "");
              String id = item.get("id").asText();
              ObjectNode patch = item.deepCopy();
              patch.remove("id");
              RequestValidators.kobjectUpdate(patch, "", Set.of());
              return new BulkJobs.Result(ops.updateKObject(klass, id, patch, now).id, "updated");
            },
            q.now());
    return ApiResponse.of(200, job);
  }
}
