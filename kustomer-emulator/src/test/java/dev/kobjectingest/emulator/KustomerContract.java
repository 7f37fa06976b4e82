package dev.kobjectingest.emulator;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Kustomer's OpenAPI document ({@code shared/kustomer/openapi.json}) as a validator for the
 * emulator's exchanges. The copy cannot be used exactly as published; every change made to it here
 * is one entry of DEVIATIONS.md, with its reason, and nothing else is relaxed.
 */
final class KustomerContract {
  private static volatile OpenApiInteractionValidator validator;

  private KustomerContract() {}

  static Path specPath() {
    String configured =
        System.getProperty("kustomer.openapi", "../../shared/kustomer/openapi.json");
    Path p = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(
          "Kustomer's OpenAPI document is expected at "
              + p
              + " (shared/kustomer/openapi.json beside the project); set -Dkustomer.openapi=PATH");
    }
    return p;
  }

  static OpenApiInteractionValidator validator() {
    OpenApiInteractionValidator v = validator;
    if (v == null) {
      synchronized (KustomerContract.class) {
        v = validator;
        if (v == null) {
          v =
              OpenApiInteractionValidator.createFor(patchedSpec())
                  // D3: response schemas are samples that omit attributes the real API returns
                  // (`externalId` and `data` on KObjects, `custom` on customers), so unlisted
                  // response
                  // properties are accepted; request bodies stay closed.
                  .withLevelResolver(
                      LevelResolver.create()
                          .withLevel(
                              "validation.response.body.schema.additionalProperties",
                              ValidationReport.Level.IGNORE)
                          .build())
                  .build();
          validator = v;
        }
      }
    }
    return v;
  }

  /** The parsed document with the deviations of DEVIATIONS.md applied, and only those. */
  static OpenAPI patchedSpec() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setResolveFully(true);
    SwaggerParseResult result =
        new OpenAPIV3Parser().readLocation(specPath().toUri().toString(), null, options);
    OpenAPI api = result.getOpenAPI();
    if (api == null) {
      throw new IllegalStateException("cannot parse the OpenAPI document: " + result.getMessages());
    }
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, op) -> {
                          patchRequest(path, op);
                          patchResponses(op);
                        }));
    patchSearchPaging(api.getPaths().get("/customers/search").getPost());
    return api;
  }

  // D6: the copy's search declares no query parameters and a non-null `links.next`, yet its own
  // example pages with `?page=&pageSize=` links and the pagination docs say `links.next` is null
  // on the last page (docs/kustomer-api.md 8: page from 1, pageSize up to 500 for search, 100
  // pages).
  private static void patchSearchPaging(Operation search) {
    search.addParametersItem(
        new QueryParameter()
            .name("page")
            .schema(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(100))));
    search.addParametersItem(
        new QueryParameter()
            .name("pageSize")
            .schema(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(500))));
    Schema<?> page =
        search.getResponses().get("200").getContent().get("application/json").getSchema();
    Schema<?> links = page.getProperties().get("links");
    links.getProperties().get("next").setNullable(true);
  }

  // D1: the copy declares `custom` with additionalProperties: false and no properties (its
  // generator lost the
  // suffix patterns), which would refuse every custom attribute Kustomer accepts.
  // D2: bulk items may carry `_clientRef` (newer docs, docs/kustomer-api.md 5); the copy predates
  // it.
  private static void patchRequest(String path, Operation op) {
    if (op.getRequestBody() == null || op.getRequestBody().getContent() == null) {
      return;
    }
    for (MediaType media : op.getRequestBody().getContent().values()) {
      Schema<?> schema = media.getSchema();
      if (schema == null) {
        continue;
      }
      Schema<?> object = schema.getItems() != null ? schema.getItems() : schema;
      openCustom(object);
      if (path.endsWith("/bulk") && schema.getItems() != null && object.getProperties() != null) {
        object.addProperty("_clientRef", new StringSchema().minLength(1).maxLength(255));
      }
    }
  }

  // D1 also covers the metadata PUT: `properties` and `relationships` are declared the same broken
  // way, closed
  // objects with nothing allowed in them (the seed's `itemsRel` example would be refused).
  private static void openCustom(Schema<?> object) {
    if (object.getProperties() == null) {
      return;
    }
    for (String open : new String[] {"custom", "properties", "relationships"}) {
      Schema<?> schema = object.getProperties().get(open);
      if (schema != null && Boolean.FALSE.equals(schema.getAdditionalProperties())) {
        schema.setAdditionalProperties(true);
      }
    }
  }

  // D3: the copy's response schemas were generated from examples: every attribute of the example is
  // required
  // (down to `orderStatusStr` inside `custom`, and a `link` typo in the klass relationship). Below
  // `data` the
  // emulator is held to the types only; `data` with type, id, attributes and links stays required.
  private static void patchResponses(Operation op) {
    if (op.getResponses() == null) {
      return;
    }
    // D5: the copy gives DELETE's 204 a response body; a 204 cannot carry one (RFC 9110 15.3.5).
    ApiResponse noContent = op.getResponses().get("204");
    if (noContent != null) {
      noContent.setContent(null);
    }
    for (ApiResponse response : op.getResponses().values()) {
      if (response.getContent() == null) {
        continue;
      }
      for (MediaType media : response.getContent().values()) {
        Schema<?> root = media.getSchema();
        if (root == null || root.getProperties() == null) {
          continue;
        }
        Schema<?> data = root.getProperties().get("data");
        if (data == null) {
          continue;
        }
        Schema<?> resource = data.getItems() != null ? data.getItems() : data;
        if (resource.getProperties() != null) {
          resource.getProperties().values().forEach(KustomerContract::dropRequired);
          resource.setRequired(
              resource.getRequired() == null
                  ? null
                  : resource.getRequired().stream()
                      .filter(r -> !r.equals("relationships"))
                      .toList());
        }
        if (root.getProperties().get("links") != null) {
          dropRequired(root.getProperties().get("links"));
        }
      }
    }
  }

  private static void dropRequired(Schema<?> schema) {
    if (schema == null) {
      return;
    }
    schema.setRequired(null);
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(KustomerContract::dropRequired);
    }
    if (schema.getItems() != null) {
      dropRequired(schema.getItems());
    }
    if (schema.getAdditionalProperties() instanceof Schema<?> extra) {
      dropRequired(extra);
    }
  }

  /**
   * Validates one recorded exchange: the request the client sent and the response the emulator
   * gave.
   */
  static ValidationReport validate(EmulatorHttp.Exchange ex) {
    String pathOnly =
        ex.path().contains("?") ? ex.path().substring(0, ex.path().indexOf('?')) : ex.path();
    SimpleRequest.Builder req =
        new SimpleRequest.Builder(Request.Method.valueOf(ex.method()), pathOnly);
    if (ex.path().contains("?")) {
      for (String pair : ex.path().substring(ex.path().indexOf('?') + 1).split("&", -1)) {
        String[] kv = pair.split("=", 2);
        req.withQueryParam(kv[0], kv.length == 2 ? kv[1] : "");
      }
    }
    for (Map.Entry<String, java.util.List<String>> h : ex.requestHeaders().entrySet()) {
      req.withHeader(h.getKey(), h.getValue());
    }
    if (ex.requestBody() != null) {
      req.withContentType("application/json").withBody(ex.requestBody());
    }
    SimpleResponse.Builder resp = new SimpleResponse.Builder(ex.status());
    ex.headers().forEach(resp::withHeader);
    if (!ex.body().isEmpty()) {
      resp.withContentType("application/json").withBody(ex.body());
    }
    return validator().validate(req.build(), resp.build());
  }
}
