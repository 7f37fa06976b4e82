package dev.kobjectingest.topology;

import static dev.kobjectingest.topology.TopologyFixture.example;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.mapping.WriteModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Customer profiles through the real topology (the shipped rules: the name kept current, an order
 * count, the lifetime value of {@code totals.grand} and the latest {@code created_at}), under
 * updated, duplicated, late and out-of-order events and orders that change customer. Updates go out
 * once per customer-updates interval ({@link TopologyFixture#sendDueUpdates}); most tests let it
 * pass after each event, so each event's own update is seen.
 */
class CustomerProfileTopologyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JANE = "email:janedoe@example.com";
  private static final String BOB = "email:bob@example.com";
  private TopologyFixture t;

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  /** Order {@code id} of {@code email}, named {@code last}, worth {@code grand}. */
  static String order(String id, String email, String last, String at, double grand)
      throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(example("order.json"));
    o.put("order_number", id).put("created_at", at).put("updated_at", at);
    ((ObjectNode) o.get("customer")).put("email", email).put("last_name", last).remove("phone");
    ((ObjectNode) o.get("totals")).put("grand", grand);
    return JSON.writeValueAsString(o);
  }

  /** The newest update sent for the customer {@code id}, or null. */
  private static JsonNode last(List<CustomerCommand> commands, String id) {
    JsonNode out = null;
    for (CustomerCommand c : commands) {
      if (id.equals(c.customerId())) {
        out = c.update();
      }
    }
    return out;
  }

  private static List<CustomerCommand> updates(List<CustomerCommand> commands) {
    return commands.stream().filter(c -> c.customerId() != null).toList();
  }

  /** Publishes an order event and lets the interval pass, so its update (if any) goes out. */
  private void send(String key, String value) {
    t.publish("orders.raw", key, value);
    t.sendDueUpdates();
  }

  /** The fixture, with Jane and Bob known as the sink would have learned them. */
  private static TopologyFixture known() throws Exception {
    TopologyFixture f = new TopologyFixture(WriteModel.NESTED);
    f.learnCustomer(JANE, "cust-jane");
    f.learnCustomer(BOB, "cust-bob");
    return f;
  }

  @Test
  void aggregatesCountSumAndTakeTheLatestOverTheCustomersOrders() throws Exception {
    t = known();
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    send("B", order("B", "janedoe@example.com", "Doe", "2024-01-01T10:00:00Z", 14.5));

    List<CustomerCommand> commands = t.customerCommands();
    assertThat(updates(commands)).hasSize(2);
    assertThat(commands)
        .filteredOn(c -> c.customerId() == null)
        .as("one find-or-create for the identity")
        .hasSize(1);
    JsonNode first = updates(commands).get(0).update();
    assertThat(first.path("custom").path("orderCountNum").asInt()).isEqualTo(1);
    JsonNode update = last(commands, "cust-jane");
    assertThat(update.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
    assertThat(update.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("50.5");
    assertThat(update.path("custom").path("lastOrderAt").asText())
        .as("the older order arriving later does not move the latest date back")
        .isEqualTo("2024-03-01T10:00:00Z");
    assertThat(update.path("name").asText()).isEqualTo("Jane Doe");
    assertThat(update.has("emails") || update.has("phones") || update.has("externalId"))
        .as("never identities")
        .isFalse();
  }

  @Test
  void anUpdatedOrderReplacesItsValueAndALateOlderVersionChangesNothing() throws Exception {
    t = known();
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-02T10:00:00Z", 40));
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));

    List<CustomerCommand> commands = updates(t.customerCommands());
    assertThat(commands).as("the late older version sends nothing").hasSize(2);
    JsonNode update = last(commands, "cust-jane");
    assertThat(update.path("custom").path("orderCountNum").asInt()).isEqualTo(1);
    assertThat(update.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("40");
    assertThat(update.path("custom").path("lastOrderAt").asText())
        .isEqualTo("2024-03-02T10:00:00Z");
  }

  @Test
  void aDuplicatedEventSendsNothing() throws Exception {
    t = known();
    String a = order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36);
    send("A", a);
    send("A", a);

    assertThat(updates(t.customerCommands())).hasSize(1);
  }

  @Test
  void nothingIsCountedBeforeTheCustomersIdIsKnownThenEverythingIs() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    send("A", order("A", "ann@example.com", "Lee", "2024-03-01T10:00:00Z", 1));
    send("B", order("B", "ann@example.com", "Lee", "2024-03-02T10:00:00Z", 2));
    assertThat(updates(t.customerCommands())).isEmpty();

    t.learnCustomer("email:ann@example.com", "cust-ann");
    t.sendDueUpdates();
    assertThat(updates(t.customerCommands()))
        .as("its orders waited longer than an interval: a backlog, held one more interval")
        .isEmpty();
    t.sendDueUpdates();

    JsonNode ann = last(t.customerCommands(), "cust-ann");
    assertThat(ann.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
    assertThat(ann.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("3");
  }

  /** Found by a newcomer: a guest's orders and the same person's registered orders. */
  @Test
  void ordersThatReachOneCustomerByDifferentIdentitiesCountTogether() throws Exception {
    t = new TopologyFixture(WriteModel.NESTED);
    // G1 as a guest (email only); G2 registered (externalId and the same email): the sink found
    // the same customer for both identities.
    t.learnCustomer("email:grace@example.com", "cust-grace");
    t.learnCustomer("externalId:c-G", "cust-grace");
    send("G1", order("G1", "grace@example.com", "Hopper", "2024-01-01T00:00:00Z", 10));
    ObjectNode g2 =
        (ObjectNode)
            JSON.readTree(order("G2", "grace@example.com", "Hopper", "2024-02-01T00:00:00Z", 20));
    ((ObjectNode) g2.get("customer")).put("id", "c-G");
    send("G2", JSON.writeValueAsString(g2));
    // G1 corrected later, under an old name: an older order, so its name does not win.
    ObjectNode g1 =
        (ObjectNode)
            JSON.readTree(order("G1", "grace@example.com", "OldName", "2024-01-01T00:00:00Z", 12));
    g1.put("updated_at", "2024-01-15T00:00:00Z");
    send("G1", JSON.writeValueAsString(g1));

    JsonNode grace = last(t.customerCommands(), "cust-grace");
    assertThat(grace.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
    assertThat(grace.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("32");
    assertThat(grace.path("custom").path("lastOrderAt").asText()).isEqualTo("2024-02-01T00:00:00Z");
    assertThat(grace.path("name").asText()).isEqualTo("Jane Hopper");
  }

  @Test
  void theNewestOrdersNameWinsWhateverTheOrderOfArrival() throws Exception {
    t = known();
    send("B", order("B", "janedoe@example.com", "Smith", "2024-05-01T10:00:00Z", 1));
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 1));
    assertThat(last(t.customerCommands(), "cust-jane").path("name").asText())
        .isEqualTo("Jane Smith");

    send("C", order("C", "janedoe@example.com", "Jones", "2024-06-01T10:00:00Z", 1));
    assertThat(last(t.customerCommands(), "cust-jane").path("name").asText())
        .isEqualTo("Jane Jones");
  }

  @Test
  void anOrderNamingAnotherCustomerLaterStillCountsWhereItsKObjectIsButLendsNoName()
      throws Exception {
    t = known();
    send("A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    send("B", order("B", "janedoe@example.com", "Doe", "2024-04-01T10:00:00Z", 10));
    t.customerCommands();
    // The shop reassigns B to Bob; its KObject stays on Jane's timeline (Kustomer's update takes
    // no customer), so Jane's profile keeps counting it, with its new amount.
    send("B", order("B", "bob@example.com", "Bob", "2024-04-02T10:00:00Z", 12));

    List<CustomerCommand> commands = t.customerCommands();
    JsonNode jane = last(commands, "cust-jane");
    assertThat(jane.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
    assertThat(jane.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("48");
    assertThat(jane.path("custom").path("lastOrderAt").asText()).isEqualTo("2024-04-02T10:00:00Z");
    assertThat(jane.path("name").asText())
        .as("Bob's name from the reassigned order is not Jane's")
        .isEqualTo("Jane Doe");
    assertThat(commands).extracting(CustomerCommand::customerId).doesNotContain("cust-bob");
  }

  @Test
  void changesWithinOneIntervalGoOutAsOneUpdateWithTheNewestProfile() throws Exception {
    t = known();
    t.publish(
        "orders.raw", "A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    t.publish(
        "orders.raw", "B", order("B", "janedoe@example.com", "Smith", "2024-04-01T10:00:00Z", 10));
    t.publish(
        "orders.raw", "A", order("A", "janedoe@example.com", "Doe", "2024-03-02T10:00:00Z", 40));
    t.publish("orders.raw", "C", order("C", "bob@example.com", "Bob", "2024-04-02T10:00:00Z", 5));
    t.driver.advanceWallClockTime(t.settings.customerUpdates().interval().minusMillis(1));
    assertThat(updates(t.customerCommands())).as("nothing before the interval passed").isEmpty();

    t.driver.advanceWallClockTime(Duration.ofMillis(1));

    List<CustomerCommand> commands = updates(t.customerCommands());
    assertThat(commands)
        .extracting(CustomerCommand::customerId)
        .as("one update per customer changed within the interval")
        .containsExactlyInAnyOrder("cust-jane", "cust-bob");
    JsonNode jane = last(commands, "cust-jane");
    assertThat(jane.path("custom").path("orderCountNum").asInt()).isEqualTo(2);
    assertThat(jane.path("custom").path("lifetimeValueNum").decimalValue())
        .isEqualByComparingTo("50");
    assertThat(jane.path("custom").path("lastOrderAt").asText()).isEqualTo("2024-04-01T10:00:00Z");
    assertThat(jane.path("name").asText()).isEqualTo("Jane Smith");
    CustomerCommand janes =
        commands.stream().filter(c -> c.customerId().equals("cust-jane")).findFirst().orElseThrow();
    assertThat(janes.origin().offset())
        .as("the newest event behind the update is the one a dead letter points back to")
        .isEqualTo(2);

    t.sendDueUpdates();
    assertThat(updates(t.customerCommands())).as("sent once, then no longer due").isEmpty();
  }

  @Test
  void whileCatchingUpOnABacklogUpdatesAreHeldAndGoOutWhenItIsDone() throws Exception {
    t = known();
    t.publishBehind(Duration.ofMinutes(10)); // every record waited ten minutes in Kafka
    t.publish(
        "orders.raw", "A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    t.sendDueUpdates();
    t.publish(
        "orders.raw", "B", order("B", "janedoe@example.com", "Doe", "2024-04-01T10:00:00Z", 10));
    t.sendDueUpdates();
    assertThat(updates(t.customerCommands())).as("held while catching up").isEmpty();
    assertThat(t.gauge("ingest.customers.updates.due")).as("held, and seen").isEqualTo(1);
    assertThat(t.gauge("ingest.customers.updates.due.oldest.seconds"))
        .isEqualTo(2.0 * t.settings.customerUpdates().interval().toSeconds());

    t.sendDueUpdates(); // an interval without records: the backlog is done

    List<CustomerCommand> commands = updates(t.customerCommands());
    assertThat(commands).as("one update for both orders").hasSize(1);
    assertThat(t.gauge("ingest.customers.updates.due")).isZero();
    assertThat(t.gauge("ingest.customers.updates.due.oldest.seconds")).isZero();
    assertThat(last(commands, "cust-jane").path("custom").path("orderCountNum").asInt())
        .isEqualTo(2);
  }

  @Test
  void aBacklogLongerThanTheMaxWaitStillSendsEveryMaxWait() throws Exception {
    t = known();
    t.publishBehind(Duration.ofHours(1));
    t.publish(
        "orders.raw", "A", order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36));
    Duration maxWait = t.settings.customerUpdates().maxWait();
    Duration interval = t.settings.customerUpdates().interval();
    int amount = 1;
    for (Duration waited = Duration.ZERO;
        waited.compareTo(maxWait.minus(interval)) < 0;
        waited = waited.plus(interval)) {
      t.sendDueUpdates();
      // The backlog goes on: Bob's order keeps changing, each event as far behind as the first.
      t.publish(
          "orders.raw",
          "X",
          order("X", "bob@example.com", "Bob", "2024-01-01T10:00:00Z", amount++));
    }
    assertThat(updates(t.customerCommands()))
        .extracting(CustomerCommand::customerId)
        .as("Jane held until her max wait")
        .doesNotContain("cust-jane");

    t.sendDueUpdates();

    assertThat(updates(t.customerCommands()))
        .extracting(CustomerCommand::customerId)
        .contains("cust-jane");
  }

  @Test
  void aReplayedOrderSendsItsCustomersUpdateEvenWhenUnchanged() throws Exception {
    t = known();
    String a = order("A", "janedoe@example.com", "Doe", "2024-03-01T10:00:00Z", 36);
    send("A", a);
    JsonNode first = last(t.customerCommands(), "cust-jane");
    send("A", a);
    assertThat(updates(t.customerCommands())).as("unchanged: nothing").isEmpty();

    Headers replay = new RecordHeaders();
    replay.add(DeadLetterHeaders.REPLAY_ID, "r-1".getBytes(StandardCharsets.UTF_8));
    t.publish("orders.raw", "A", a, replay);
    // Unchanged, the order keeps its old event time, so its interval looks like a backlog's: the
    // update goes at the next, quiet one.
    t.sendDueUpdates();
    t.sendDueUpdates();

    List<CustomerCommand> commands = updates(t.customerCommands());
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0).update()).isEqualTo(first);
  }
}
