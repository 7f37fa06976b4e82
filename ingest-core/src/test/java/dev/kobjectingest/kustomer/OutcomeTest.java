package dev.kobjectingest.kustomer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutcomeTest {
  @ParameterizedTest
  @ValueSource(ints = {200, 201, 204, 299})
  void twoHundredsSucceed(int status) {
    assertThat(Outcome.classify(status, null)).isEqualTo(Outcome.SUCCESS);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void timeoutsThrottlingAndServerErrorsAreRetried(int status) {
    assertThat(Outcome.classify(status, null)).isEqualTo(Outcome.RETRIABLE);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405, 409, 413, 415, 422})
  void otherClientErrorsArePermanentForTheRecord(int status) {
    assertThat(Outcome.classify(status, null)).isEqualTo(Outcome.PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void authenticationAndRoleErrorsStopTheApp(int status) {
    assertThat(Outcome.classify(status, null)).isEqualTo(Outcome.FATAL);
  }

  @Test
  void noResponseAtAllIsRetried() {
    assertThat(Outcome.classify(null, new IOException("connection reset")))
        .isEqualTo(Outcome.RETRIABLE);
    assertThat(Outcome.classify(null, new HttpTimeoutException("timeout")))
        .isEqualTo(Outcome.RETRIABLE);
  }

  @Test
  void bothKustomerErrorShapesAreRead() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var plain =
        KustomerResponse.of(
            400,
            mapper.readTree(
                "{\"errors\":[{\"code\":\"bad_request\",\"message\":\"Invalid body\",\"meta\":{}}]}"));
    var jsonApi =
        KustomerResponse.of(
            404,
            mapper.readTree(
                "{\"errors\":[{\"status\":\"404\",\"code\":\"klass_not_found\",\"title\":\"Not Found\",\"detail\":\"no klass\"}]}"));
    var titleOnly =
        KustomerResponse.of(
            409, mapper.readTree("{\"errors\":[{\"status\":\"409\",\"title\":\"Conflict\"}]}"));

    assertThat(plain.errorCode()).isEqualTo("bad_request");
    assertThat(plain.errorText()).isEqualTo("Invalid body");
    assertThat(jsonApi.errorCode()).isEqualTo("klass_not_found");
    assertThat(jsonApi.errorText()).isEqualTo("no klass");
    assertThat(titleOnly.errorText()).isEqualTo("Conflict");
    assertThat(KustomerResponse.of(502, null).errorText()).isEqualTo("HTTP 502");
  }

  @Test
  void theApiKeyNeverShowsInText() {
    ApiKey key = ApiKey.of("eyJhbGciOi.secret");
    assertThat(key.toString()).doesNotContain("secret").isEqualTo("ApiKey(****)");
    assertThat(String.valueOf(java.util.List.of(key))).doesNotContain("secret");
  }
}
