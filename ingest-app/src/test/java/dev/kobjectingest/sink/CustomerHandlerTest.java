package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.command.CustomerCommand;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Finding or creating the customer of one identity: few lookups, never two customers. */
class CustomerHandlerTest {
  private static final CustomerCommand JANE =
      Commands.customer(
          "email:jane doe+1@example.com",
          "externalId:crm/42",
          "email:jane doe+1@example.com",
          "phone:+1 555 867 5309");

  private final MapTable customerIds = new MapTable();
  private final MapTable table = new MapTable();
  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.created("cust-1"));

  @Test
  void aKnownIdentityNeedsNoRequest() throws Exception {
    customerIds.put(JANE.identityKey(), "cust-0");

    assertThat(handler(true).resolve(JANE, null)).isEqualTo("cust-0");
    assertThat(kustomer.requests()).isEmpty();
  }

  @Test
  void createFirstCreatesANewIdentityInOneRequestAfterAPendingMark() throws Exception {
    kustomer.answer(
        call -> {
          assertThat(new SinkIds(table).customerPending(JANE.identityKey())).isTrue();
          return FakeKustomer.created("cust-1");
        });

    assertThat(handler(true).resolve(JANE, null)).isEqualTo("cust-1");
    assertThat(kustomer.requests()).containsExactly("POST /v1/customers");
  }

  @Test
  void aDuplicateOnCreateIsLookedUpAndFound() throws Exception {
    kustomer.answer(
        call -> {
          if (call.method().equals("POST")) {
            return FakeKustomer.error(409, "duplicate");
          }
          return call.path().contains("email=")
              ? FakeKustomer.json(200, "{'data':{'id':'cust-9'}}")
              : FakeKustomer.error(404, "customer_not_found");
        });

    assertThat(handler(true).resolve(JANE, null)).isEqualTo("cust-9");
    assertThat(kustomer.requests())
        .containsExactly(
            "POST /v1/customers",
            "GET /v1/customers/externalId=crm%2F42",
            "GET /v1/customers/email=jane%20doe+1@example.com");
  }

  @Test
  void withoutCreateFirstOrAfterAFailureEveryIdentityIsLookedUpInOrderFirst() throws Exception {
    kustomer.answer(
        call ->
            call.method().equals("GET")
                ? FakeKustomer.error(404, "customer_not_found")
                : FakeKustomer.created("cust-2"));
    CallFailure lost = CallFailure.noAnswer("POST /v1/customers", new IOException("reset"));

    assertThat(handler(true).resolve(JANE, lost)).isEqualTo("cust-2");
    assertThat(kustomer.requests())
        .containsExactly(
            "GET /v1/customers/externalId=crm%2F42",
            "GET /v1/customers/email=jane%20doe+1@example.com",
            "GET /v1/customers/phone=+1%20555%20867%205309",
            "POST /v1/customers");
    assertThat(kustomer.calls())
        .extracting(FakeKustomer.Call::template)
        .containsExactly(
            "/v1/customers/externalId=",
            "/v1/customers/email=",
            "/v1/customers/phone=",
            "/v1/customers");
  }

  @Test
  void theLearnedIdIsPublishedForTheTopologyAndEveryInstance() throws Exception {
    CustomerHandler customers = handler(false);

    customers.learned(JANE.identityKey(), "cust-3");
    customers.catchUp();

    assertThat(customerIds.get(JANE.identityKey())).isEqualTo("cust-3");
    assertThat(customerIds.catchUps).hasValue(1);
    assertThat(table.catchUps).hasValue(1);
  }

  private CustomerHandler handler(boolean createFirst) {
    return new CustomerHandler(
        kustomer, customerIds, new SinkIds(table), CustomerHandler.Bulk.off(), createFirst);
  }
}
