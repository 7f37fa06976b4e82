package dev.kobjectingest.kustomer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every reading of a Kustomer failure, as a table. */
class KustomerErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "code {0} -> klass missing {1}")
  @CsvSource({"klass_not_found, true", "not_found, false", "bad_request, false", "'', false"})
  void aMissingKlassIsKnownByItsErrorCode(String code, boolean missing) {
    assertThat(KustomerErrors.klassMissing(code)).isEqualTo(missing);
  }

  @ParameterizedTest(name = "status {0} -> duplicate {1}, certainly unwritten {2}")
  @CsvSource({
    "409, true, false",
    "429, false, true",
    "503, false, true",
    "500, false, false",
    "502, false, false",
    "400, false, false",
    "404, false, false",
    ", false, false" // no answer at all: a create may have happened
  })
  void whatAStatusSaysAboutTheObject(Integer status, boolean duplicate, boolean unwritten) {
    assertThat(KustomerErrors.duplicate(status)).isEqualTo(duplicate);
    assertThat(KustomerErrors.certainlyUnwritten(status)).isEqualTo(unwritten);
  }

  @ParameterizedTest(name = "{0} -> written {1}, status {2}, error {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "{'_clientRef':'i0','objectId':'k1','status':'created'} | true | 0 | -",
        "{'_clientRef':'i0','objectId':'k1','status':'updated'} | true | 0 | -",
        "{'_clientRef':'i0','objectId':null,'status':'created'} | false | 400 | bulk item failed",
        "{'_clientRef':'i0','status':'error','statusCode':422,'error':'title too long'}"
            + " | false | 422 | title too long",
        "{'_clientRef':'i0','objectId':null,'status':'error','error':'duplicate detected'}"
            + " | false | 409 | duplicate detected",
        "{'_clientRef':'i0','status':'error','error':'Duplicate email'} | false | 409 | Duplicate email",
        "{'_clientRef':'i0','status':'error','error':'invalid body'} | false | 400 | invalid body",
        "{'_clientRef':'i0','status':'error','statusCode':409,'error':'no'} | false | 409 | no",
        "{'_clientRef':'i0','status':'error'} | false | 400 | bulk item failed"
      })
  void aBulkItemResultReadsAsTheSingleCallWouldHaveAnswered(
      String result, boolean written, int status, String error) throws Exception {
    JsonNode r = JSON.readTree(result.replace('\'', '"'));

    assertThat(KustomerErrors.bulkItemWritten(r)).isEqualTo(written);
    if (!written) {
      assertThat(KustomerErrors.bulkItemStatus(r)).isEqualTo(status);
      assertThat(KustomerErrors.bulkItemError(r)).isEqualTo(error);
    }
  }
}
