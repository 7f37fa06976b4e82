package dev.kobjectingest.kustomer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One Kustomer API path and its template, the name it has in errors and metrics: klass names come
 * from the configuration (a closed set), ids, emails and externalIds never appear in a template.
 * Every value placed in a path is encoded as exactly one segment ({@link #segment}), so no value
 * read from a record can make the request go elsewhere ({@code ../../../v1/customers/x}).
 */
public record ApiPath(String path, String template) {
  private static final String CUSTOMER_SEARCH = "/v1/customers/search";

  public static ApiPath customers() {
    return fixed("/v1/customers");
  }

  public static ApiPath customersBulk() {
    return fixed("/v1/customers/bulk");
  }

  /** One customer, by its Kustomer id (an update). */
  public static ApiPath customer(String id) {
    return new ApiPath("/v1/customers/" + segment(id), "/v1/customers/{id}");
  }

  /** A customer lookup: {@code kind} is externalId, email or phone. */
  public static ApiPath customerBy(String kind, String value) {
    return new ApiPath(
        "/v1/customers/" + segment(kind) + "=" + segment(value), "/v1/customers/" + kind + "=");
  }

  /** One page of a customer search (docs/kustomer-api.md 2, 8). */
  public static ApiPath customerSearch(int page, int pageSize) {
    return new ApiPath(
        "/v1/customers/search?page=" + page + "&pageSize=" + pageSize, CUSTOMER_SEARCH);
  }

  /** Whether this is a search, which spends the search limit too. */
  public boolean search() {
    return template.equals(CUSTOMER_SEARCH);
  }

  public static ApiPath klasses() {
    return fixed("/v1/klasses");
  }

  public static ApiPath kobjectByExternalId(String klass, String externalId) {
    return new ApiPath(
        "/v1/klasses/" + segment(klass) + "/externalId=" + segment(externalId),
        "/v1/klasses/" + klass + "/externalId=");
  }

  public static ApiPath kobject(String klass, String id) {
    return new ApiPath(
        "/v1/klasses/" + segment(klass) + "/" + segment(id), "/v1/klasses/" + klass + "/{id}");
  }

  /** The first page of a klass's KObjects, {@code pageSize} of them. */
  public static ApiPath kobjects(String klass, int pageSize) {
    return new ApiPath(
        "/v1/klasses/" + segment(klass) + "?page=1&pageSize=" + pageSize, "/v1/klasses/" + klass);
  }

  /** Where a customer's KObjects of {@code klass} are created. */
  public static ApiPath customerKObjects(String customerId, String klass) {
    return new ApiPath(
        "/v1/customers/" + segment(customerId) + "/klasses/" + segment(klass),
        "/v1/customers/{id}/klasses/" + klass);
  }

  public static ApiPath kobjectsBulk(String klass) {
    return new ApiPath("/v1/klasses/" + segment(klass) + "/bulk", "/v1/klasses/" + klass + "/bulk");
  }

  public static ApiPath bulkBatches(String jobId) {
    return new ApiPath("/v1/bulk/" + segment(jobId) + "/batches", "/v1/bulk/{id}/batches");
  }

  /** The metadata of {@code kobject.<klass>} (the Rel model's relationships). */
  public static ApiPath kobjectMetadata(String klass) {
    return new ApiPath("/v1/metadata/" + segment("kobject." + klass), "/v1/metadata/{resource}");
  }

  /**
   * {@code value} as exactly one path segment: percent-encoded UTF-8, with {@code @} and {@code +}
   * kept readable as Kustomer's docs show them (both are legal in a segment), and the dot segments
   * {@code .} and {@code ..} encoded too, since a client or server would otherwise resolve them.
   */
  public static String segment(String value) {
    if (value.equals(".") || value.equals("..")) {
      return value.replace(".", "%2E");
    }
    return URLEncoder.encode(value, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%40", "@")
        .replace("%2B", "+");
  }

  private static ApiPath fixed(String path) {
    return new ApiPath(path, path);
  }
}
