package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Never merge two people (invariant 3): fifty customers with their own emails who share one phone
 * (a family number, a shop's placeholder) end as fifty customers, each order on its own. Kustomer's
 * uniqueness is on, as in a real org, so the phone is refused for all but the first.
 */
class SharedPhoneIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PEOPLE = 50;

  @Test
  void fiftyPeopleSharingOnePhoneEndAsFiftyCustomersEachWithTheirOwnOrder() throws Exception {
    try (E2eFixture f =
        new E2eFixture(WriteModel.NESTED, 6000, Map.of(), c -> c.withCustomerUniqueness(true))) {
      String example = E2eFixture.exampleOrder();
      Map<String, String> records = new LinkedHashMap<>();
      for (int i = 0; i < PEOPLE; i++) {
        records.put(
            "SP-" + i,
            example
                .replace("\"AB-1234\"", "\"SP-" + i + "\"")
                .replace("janedoe@example.com", "person" + i + "@example.com"));
      }
      try (Pipeline p = f.scenario.startPipeline()) {
        f.publishRaw(f.rawTopic("orders.raw"), records);
        Map<String, String> customerByOrder = f.awaitOrderCustomers(records.keySet());
        assertThat(p.failure()).isNull();

        assertThat(new HashSet<>(customerByOrder.values())).as("one customer each").hasSize(PEOPLE);
        for (Map.Entry<String, String> e : customerByOrder.entrySet()) {
          JsonNode customer = customer(f, e.getValue());
          String number = e.getKey().substring("SP-".length());
          assertThat(customer.path("emails").path(0).path("email").asText())
              .as("the customer of order %s", e.getKey())
              .isEqualTo("person" + number + "@example.com");
          JsonNode phones =
              customer.path("phones").size() > 0
                  ? customer.path("phones")
                  : customer.path("sharedPhones");
          assertThat(phones.path(0).path("phone").asText()).as("each keeps the phone").isNotEmpty();
        }
        assertThat(f.emulator.stats().path("duplicateCustomers").asInt()).isZero();
      }
    }
  }

  private static JsonNode customer(E2eFixture f, String id) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(f.emulator.baseUrl() + "/v1/customers/" + id))
                    .header("Authorization", "Bearer " + f.emulator.config().apiKey())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).path("data").path("attributes");
  }
}
