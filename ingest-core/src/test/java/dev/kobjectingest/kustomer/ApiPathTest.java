package dev.kobjectingest.kustomer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiPathTest {
  private static final URI BASE = URI.create("https://acme.api.kustomerapp.com");

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "../../../v1/customers/x | ..%2F..%2F..%2Fv1%2Fcustomers%2Fx",
        ".. | %2E%2E",
        ". | %2E",
        "... | ...",
        "a/b | a%2Fb",
        "100% | 100%25",
        "%2F | %252F",
        "a?b=c | a%3Fb%3Dc",
        "a#b | a%23b",
        "'jane doe' | jane%20doe",
        "jane+tag@example.com | jane+tag@example.com",
        "+1 555 867 5309 | +1%20555%20867%205309",
        "café | caf%C3%A9",
        "注文-42 | %E6%B3%A8%E6%96%87-42",
        "ord_1.2~3 | ord_1.2%7E3"
      })
  void aValueIsEncodedAsExactlyOneSegment(String value, String segment) {
    assertThat(ApiPath.segment(value)).isEqualTo(segment);
  }

  @Test
  void anyValueSurvivesAsOneSegmentOfTheRequestedPath() {
    SplittableRandom random = new SplittableRandom(7);
    String alphabet = "./%?#&=+@ :;aZ9_-~é注\u0000\n";
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = b.toString();

      ApiPath path = ApiPath.kobject("order", value);
      String raw = BASE.resolve(path.path()).getRawPath();

      assertThat(raw).as(value).startsWith("/v1/klasses/order/");
      String segment = raw.substring("/v1/klasses/order/".length());
      assertThat(segment).as(value).doesNotContain("/", "?", "#").isNotIn(".", "..");
      assertThat(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
          .as(value)
          .isEqualTo(value);
    }
  }

  @Test
  void pathsEncodeTheirValuesAndTemplatesNameNoValue() {
    assertThat(ApiPath.customerKObjects("../../../v1/customers/x", "order"))
        .isEqualTo(
            new ApiPath(
                "/v1/customers/..%2F..%2F..%2Fv1%2Fcustomers%2Fx/klasses/order",
                "/v1/customers/{id}/klasses/order"));
    assertThat(ApiPath.customerBy("email", "jane doe@example.com"))
        .isEqualTo(
            new ApiPath("/v1/customers/email=jane%20doe@example.com", "/v1/customers/email="));
    assertThat(ApiPath.kobjectByExternalId("order", "#1001/a"))
        .isEqualTo(
            new ApiPath(
                "/v1/klasses/order/externalId=%231001%2Fa", "/v1/klasses/order/externalId="));
    assertThat(ApiPath.kobject("order", ".."))
        .isEqualTo(new ApiPath("/v1/klasses/order/%2E%2E", "/v1/klasses/order/{id}"));
    assertThat(ApiPath.bulkBatches("job/1?x"))
        .isEqualTo(new ApiPath("/v1/bulk/job%2F1%3Fx/batches", "/v1/bulk/{id}/batches"));
    assertThat(ApiPath.kobjectsBulk("order"))
        .isEqualTo(new ApiPath("/v1/klasses/order/bulk", "/v1/klasses/order/bulk"));
    assertThat(ApiPath.kobjectMetadata("order-item"))
        .isEqualTo(new ApiPath("/v1/metadata/kobject.order-item", "/v1/metadata/{resource}"));
    assertThat(ApiPath.customers().path()).isEqualTo("/v1/customers");
    assertThat(ApiPath.customersBulk().path()).isEqualTo("/v1/customers/bulk");
    assertThat(ApiPath.klasses().path()).isEqualTo("/v1/klasses");
  }
}
