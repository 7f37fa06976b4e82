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
          new CustomerUpdates(kustomer, new SinkIds(table), null),
          new CustomerClaims(new SinkIds(table)));

  private static CustomerCommand jane(String id, int orders) {
    ObjectNode update = JsonNodeFactory.instance.objectNode().put("name", "Jane Doe");
    update.putObject("custom").put("orderCountNum", orders);
    return CustomerCommand.update(id, update, 1_000L, null);
  }

  private void handle(CustomerCommand c) throws Exception {
    new CustomerCommandHandler(customers, java.time.Clock.systemUTC())
        .handle(Commands.record(c), null);
  }

  @Test
  void aKnownCustomerIsPatchedWithOnlyTheOwnedAttributesOncePerChange() throws Exception {
    handle(jane("cust-0", 2));
    handle(jane("cust-0", 2));
    handle(jane("cust-0", 3));

    assertThat(kustomer.requests())
        .as("no lookup, no create; the repeated update is not sent again")
        .containsExactly("PATCH /v1/customers/cust-0", "PATCH /v1/customers/cust-0");
    assertThat(kustomer.calls().get(0).body().toString())
        .isEqualTo("{\"name\":\"Jane Doe\",\"custom\":{\"orderCountNum\":2}}");
    assertThat(customerIds.get("customer:cust-0")).as("an update learns no identity").isNull();
  }

  @Test
  void anUpdateCommandThatIsNotOneIsRefusedAsInvalid() {
    CustomerCommand forged =
        new CustomerCommand(
            CustomerCommand.SCHEMA,
            "email:jane@example.com",
            java.util.List.of(),
            null,
            1L,
            null,
            JsonNodeFactory.instance.objectNode(),
            "cust-0");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> handle(forged))
        .isInstanceOf(CommandHandler.InvalidCommand.class);
    assertThat(kustomer.requests()).isEmpty();
  }
}
