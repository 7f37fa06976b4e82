package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import org.junit.jupiter.api.Test;

/** Keeping a customer's owned attributes current: merged, once per change, never a no-op. */
class CustomerUpdatesTest {
  private final MapTable customerIds = new MapTable();
  private final MapTable table = new MapTable();
  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.created("cust-1"));
  private final CustomerHandler customers =
      new CustomerHandler(
          kustomer,
          customerIds,
          new SinkIds(table),
          CustomerHandler.Bulk.off(),
          true,
          1000,
          new CustomerUpdates(kustomer, new SinkIds(table), null));

  private static CustomerCommand jane(int orders) {
    ObjectNode update = JsonNodeFactory.instance.objectNode().put("name", "Jane Doe");
    update.putObject("custom").put("orderCountNum", orders);
    return Commands.customer("email:jane@example.com", "email:jane@example.com").withUpdate(update);
  }

  private void handle(CustomerCommand c) throws Exception {
    String id = customers.resolve(c, null);
    customers.learned(c.identityKey(), id);
    customers.keepCurrent(c, id, null);
  }

  @Test
  void aCustomerCreatedWithItsProfileIsNotUpdatedWithTheSame() throws Exception {
    handle(jane(1));

    assertThat(kustomer.requests()).containsExactly("POST /v1/customers");
    assertThat(kustomer.calls().get(0).body().path("custom").path("orderCountNum").asInt())
        .isEqualTo(1);
  }

  @Test
  void aKnownCustomerIsPatchedWithOnlyTheOwnedAttributesOncePerChange() throws Exception {
    customerIds.put("email:jane@example.com", "cust-0");

    handle(jane(2));
    handle(jane(2));
    handle(jane(3));

    assertThat(kustomer.requests())
        .as("the repeated update is not sent again")
        .containsExactly("PATCH /v1/customers/cust-0", "PATCH /v1/customers/cust-0");
    assertThat(kustomer.calls().get(0).body().toString())
        .isEqualTo("{\"name\":\"Jane Doe\",\"custom\":{\"orderCountNum\":2}}");
  }

  @Test
  void aFoundCustomerThatThePipelineDidNotCreateIsUpdatedNotReplaced() throws Exception {
    kustomer.answer(
        call -> {
          if (call.method().equals("POST")) {
            return FakeKustomer.error(409, "duplicate");
          }
          if (call.method().equals("GET")) {
            return FakeKustomer.json(
                200,
                "{'data':{'id':'cust-7','attributes':{'emails':[{'email':'jane@example.com'}]}}}");
          }
          return FakeKustomer.json(200, "{'data':{'id':'cust-7'}}");
        });

    handle(jane(1));

    assertThat(kustomer.requests())
        .containsExactly(
            "POST /v1/customers",
            "GET /v1/customers/email=jane@example.com",
            "PATCH /v1/customers/cust-7");
    assertThat(kustomer.calls().get(2).body().has("emails")).as("identities untouched").isFalse();
  }
}
