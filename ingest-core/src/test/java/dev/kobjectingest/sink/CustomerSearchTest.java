package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Many identities resolved by one search, each to its own person or to none. */
class CustomerSearchTest {
  private static final String HITS =
      "{'data':["
          + "{'id':'ada','attributes':{'emails':[{'email':'Ada@Example.com'}]}},"
          + "{'id':'crm-7','attributes':{'externalId':'7','emails':[{'email':'bob@example.com'}]}},"
          + "{'id':'eve','attributes':{'emails':[{'email':'eve@example.com'}],"
          + "'phones':[{'phone':'15550001111'}]}}],"
          + "'links':{'next':null}}";

  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.json(200, HITS));
  private final CustomerSearch search =
      new CustomerSearch(kustomer, new CustomerClaims(new SinkIds(new MapTable())));

  @Test
  void oneSearchResolvesEveryIdentityOfTheBatchToItsOwnPerson() throws Exception {
    List<BulkRequest.Item> batch = new ArrayList<>();
    batch.add(item("email:ada@example.com")); // found by email, any case
    batch.add(item("externalId:7", "email:bob@example.com")); // by its strongest key
    batch.add(item("email:new@example.com", "phone:15550001111")); // Eve's phone: not this person
    batch.add(item("externalId:8", "email:bob@example.com")); // Bob's email, another externalId

    search.run(batch);

    assertThat(kustomer.requests())
        .containsExactly("POST /v1/customers/search?page=1&pageSize=500");
    JsonNode body = kustomer.calls().get(0).body();
    assertThat(body.path("queryContext").asText()).isEqualTo("customer");
    assertThat(body.path("or").get(0).path("or")).hasSize(6); // distinct criteria
    assertThat(results(batch)).containsExactly("ada", "crm-7", null, null);
    assertThat(search.heldByOthers(List.of("email:new@example.com", "phone:15550001111")))
        .containsExactly("phone:15550001111");
    assertThat(search.heldByOthers(List.of("externalId:8", "email:bob@example.com")))
        .containsExactly("email:bob@example.com");
  }

  @Test
  void twoAccountsSharingAGuestsEmailInOneBatchDoNotBothTakeItsCustomer() {
    // Ada's customer was created from a guest order: her email, nothing stronger.
    List<BulkRequest.Item> batch = new ArrayList<>();
    batch.add(item("externalId:shop-1", "email:ada@example.com"));
    batch.add(item("externalId:shop-2", "email:ada@example.com"));

    search.run(batch);

    assertThat(results(batch)).containsExactly("ada", null);
    assertThat(search.heldByOthers(List.of("externalId:shop-2", "email:ada@example.com")))
        .as("the second account's create shares the email")
        .containsExactly("email:ada@example.com");
  }

  @Test
  void criteriaGoInClausesOfTwentyAndEveryPageIsRead() {
    kustomer.answer(
        call ->
            call.path().contains("page=1")
                ? FakeKustomer.json(
                    200, "{'data':[],'links':{'next':'/v1/customers/search?page=2'}}")
                : FakeKustomer.json(200, HITS));
    List<BulkRequest.Item> batch = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      batch.add(item("email:person" + i + "@example.com"));
    }

    search.run(batch);

    JsonNode or = kustomer.calls().get(0).body().path("or");
    assertThat(or).hasSize(3);
    assertThat(or.get(0).path("or")).hasSize(CustomerSearch.PER_CLAUSE);
    assertThat(or.get(2).path("or")).hasSize(5);
    assertThat(kustomer.requests()).hasSize(2);
  }

  @Test
  void aFailedSearchFailsEveryItemSoEachRecordIsRetried() {
    kustomer.answer(call -> FakeKustomer.error(503, "unavailable"));
    List<BulkRequest.Item> batch = List.of(item("email:ada@example.com"));

    search.run(batch);

    assertThat(batch.get(0).result()).isCompletedExceptionally();
  }

  private static BulkRequest.Item item(String... lookups) {
    return new BulkRequest.Item(CustomerSearch.item(List.of(lookups)), new CompletableFuture<>());
  }

  private static List<String> results(List<BulkRequest.Item> batch) {
    List<String> out = new ArrayList<>();
    batch.forEach(i -> out.add(i.result().join()));
    return out;
  }
}
