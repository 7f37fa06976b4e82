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
        kustomer,
        customerIds,
        new SinkIds(table),
        CustomerHandler.Bulk.off(),
        createFirst,
        1000,
        new CustomerUpdates(kustomer, new SinkIds(table), null),
        new CustomerClaims(new SinkIds(table)));
  }

  /** Ada and Bob share one family phone; Bob's customer is created after Ada's. */
  private static final CustomerCommand BOB = bob();

  private static CustomerCommand bob() {
    CustomerCommand c =
        Commands.customer("email:bob@example.com", "email:bob@example.com", "phone:15550001111");
    c.customer().putArray("emails").addObject().put("email", "bob@example.com");
    c.customer().putArray("phones").addObject().put("phone", "15550001111");
    return c;
  }

  @Test
  void aCustomerFoundByAWeakerKeyThatHoldsAnotherPersonsEmailIsNotTaken() throws Exception {
    kustomer.answer(
        call -> {
          if (call.path().contains("phone=")) {
            return FakeKustomer.json(
                200,
                "{'data':{'id':'ada','attributes':{'emails':[{'email':'ada@example.com'}],"
                    + "'phones':[{'phone':'15550001111'}]}}}");
          }
          return call.method().equals("GET")
              ? FakeKustomer.error(404, "not_found")
              : FakeKustomer.created("bob");
        });
    CallFailure lost = CallFailure.noAnswer("POST /v1/customers", new IOException("reset"));

    assertThat(handler(true).resolve(BOB, lost)).isEqualTo("bob");
  }

  @Test
  void aPhoneHeldByAnotherPersonsCustomerGoesOnTheNewCustomerAsShared() throws Exception {
    kustomer.answer(
        call -> {
          if (call.method().equals("POST")) {
            return call.body().has("phones")
                ? FakeKustomer.error(409, "duplicate")
                : FakeKustomer.created("bob");
          }
          if (call.path().contains("phone=")) {
            return FakeKustomer.json(
                200, "{'data':{'id':'ada','attributes':{'emails':[{'email':'ada@example.com'}]}}}");
          }
          return FakeKustomer.error(404, "not_found");
        });

    assertThat(handler(true).resolve(BOB, null)).isEqualTo("bob");
    FakeKustomer.Call create = kustomer.calls().get(kustomer.calls().size() - 1);
    assertThat(create.body().has("phones")).isFalse();
    assertThat(create.body().path("sharedPhones").path(0).path("phone").asText())
        .isEqualTo("15550001111");
    assertThat(create.body().path("emails").path(0).path("email").asText())
        .isEqualTo("bob@example.com");
  }

  @Test
  void anExistingCustomerWithOnlyTheEmailIsTheSamePerson() throws Exception {
    // An org's own customers, created from support conversations: email only, no externalId.
    kustomer.answer(
        call ->
            call.path().contains("email=")
                ? FakeKustomer.json(
                    200,
                    "{'data':{'id':'known','attributes':{'emails':[{'email':'jane doe+1@example.com'}]}}}")
                : FakeKustomer.error(404, "not_found"));
    CallFailure lost = CallFailure.noAnswer("POST /v1/customers", new IOException("reset"));

    assertThat(handler(true).resolve(JANE, lost)).isEqualTo("known");
  }

  @Test
  void aGivenUpIdentityGetsAFailureMarkButAKnownIdIsNeverOverwritten() throws Exception {
    CustomerHandler customers = handler(true);

    customers.failed("email:a@example.com", "retries-exhausted", 5);
    customerIds.put("email:b@example.com", "cust-b");
    customers.failed("email:b@example.com", "retries-exhausted", 6);

    assertThat(customerIds.get("email:a@example.com")).startsWith("!failed:retries-exhausted");
    assertThat(customers.idOf("email:a@example.com")).isNull();
    assertThat(customers.idOf("email:b@example.com")).isEqualTo("cust-b");
  }

  @Test
  void aSecondRegisteredAccountSharingAGuestsEmailGetsItsOwnCustomer() throws Exception {
    // The guest's customer holds the family email and nothing stronger (the pipeline created it).
    kustomer.answer(
        call -> {
          if (call.method().equals("POST")) {
            return call.body().has("emails")
                ? FakeKustomer.error(409, "duplicate")
                : FakeKustomer.created("second");
          }
          return call.path().contains("email=")
              ? FakeKustomer.json(
                  200,
                  "{'data':{'id':'guest','attributes':{'emails':[{'email':'family@example.com'}]}}}")
              : FakeKustomer.error(404, "not_found");
        });

    assertThat(handler(true).resolve(account("crm-1"), null)).isEqualTo("guest");
    assertThat(handler(true).resolve(account("crm-2"), null))
        .as("after a restart too: the take is in the id table")
        .isEqualTo("second");
    FakeKustomer.Call create = kustomer.calls().get(kustomer.calls().size() - 1);
    assertThat(create.body().has("emails")).isFalse();
    assertThat(create.body().path("sharedEmails").path(0).path("email").asText())
        .isEqualTo("family@example.com");
  }

  private static CustomerCommand account(String externalId) {
    CustomerCommand c =
        Commands.customer(
            "externalId:" + externalId, "externalId:" + externalId, "email:family@example.com");
    c.customer().put("externalId", externalId);
    c.customer().putArray("emails").addObject().put("email", "family@example.com");
    return c;
  }
}
