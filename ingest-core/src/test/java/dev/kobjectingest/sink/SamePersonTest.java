package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamePersonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} found by {1} holding {2}: same person {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "externalId:7,email:a@x.io,phone:1555 | externalId:7 | {'externalId':'9'} | true",
        "externalId:7,email:a@x.io | email:a@x.io | {'externalId':'9'} | false",
        "externalId:7,email:a@x.io | email:a@x.io | {'externalIds':[{'externalId':'7'}]} | true",
        "externalId:7,email:a@x.io | email:a@x.io | {'emails':[{'email':'a@x.io'}]} | true",
        "email:a@x.io,phone:1555 | phone:1555 | {'emails':[{'email':'b@x.io'}]} | false",
        "email:a@x.io,phone:1555 | phone:1555 | {'emails':[{'email':'A@X.io'}]} | true",
        "email:a@x.io,phone:1555 | phone:1555 | {'phones':[{'phone':'1555'}]} | true",
        "phone:1555 | phone:1555 | {'emails':[{'email':'b@x.io'}]} | true",
        "externalId:7,phone:1555 | phone:1555 | {'externalId':'8'} | false",
      })
  void aWeakerKeyNeverJoinsTwoPeople(String keys, String by, String customer, boolean same)
      throws Exception {
    JsonNode attributes = JSON.readTree(customer.replace('\'', '"'));
    assertThat(SamePerson.test(List.of(keys.split(",", -1)), by, attributes)).isEqualTo(same);
  }
}
