package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.support.FakeTime;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Upserting an order's KObject: the id store, lookups only where a create may have happened. */
class OrderHandlerTest {
  private final FakeTime time = new FakeTime();
  private final MapTable table = new MapTable();
  private final SinkIds store = new SinkIds(table);
  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.created("k-new"));
  private final OrderHandler orders = handler(true, OrderHandler.Bulk.off());

  @Test
  void aNewOrderOfTheOwnedKlassIsCreatedWithoutALookupAfterAPendingMark() throws Exception {
    kustomer.answer(
        call -> {
          assertThat(table.get("order/order/1001")).as("marked before the create").isEqualTo("?|0");
          return FakeKustomer.created("k1");
        });

    orders.apply(Commands.order("1001", "c1", 3), null);

    assertThat(kustomer.requests()).containsExactly("POST /v1/customers/c1/klasses/order");
    assertThat(store.order("order", "1001")).isEqualTo(new SinkIds.OrderMark("k1", 3, false));
  }

  @Test
  void aKnownOrderIsUpdatedByItsIdAndAnOlderStateIsSkipped() throws Exception {
    store.orderWritten("order", "1001", "k1", 3);

    orders.apply(Commands.order("1001", "c1", 2), null);
    orders.apply(Commands.order("1001", "c1", 3), null);
    assertThat(kustomer.requests()).as("not newer than what was applied").isEmpty();

    orders.apply(Commands.order("1001", "c1", 4), null);
    assertThat(kustomer.requests()).containsExactly("PUT /v1/klasses/order/k1");
    assertThat(store.order("order", "1001").changes()).isEqualTo(4);
  }

  @Test
  void aCreateThatMayHaveHappenedIsLookedUpFirst() throws Exception {
    kustomer.answer(call -> call.method().equals("GET") ? found("k1") : FakeKustomer.created("x"));
    CallFailure lost =
        CallFailure.noAnswer("POST /v1/customers/{id}/klasses/order", new IOException());

    orders.apply(Commands.order("1001", "c1", 1), lost);

    assertThat(kustomer.requests())
        .containsExactly("GET /v1/klasses/order/externalId=1001", "PUT /v1/klasses/order/k1");
  }

  @Test
  void aCreateThatCertainlyWroteNothingIsRepeatedWithoutALookup() throws Exception {
    CallFailure throttled =
        CallFailure.answered(Outcome.RETRIABLE, "POST", FakeKustomer.error(429, "too_many"));

    orders.apply(Commands.order("1001", "c1", 1), throttled);

    assertThat(kustomer.requests()).containsExactly("POST /v1/customers/c1/klasses/order");
  }

  /**
   * Rel model, a create that may have happened: the order is looked up; not there, so none of its
   * items can be (they are created only with its id) and they are created without a lookup each.
   */
  @Test
  void relItemsOfAnOrderThatWasNotThereAreNotLookedUp() throws Exception {
    kustomer.answer(
        call ->
            call.method().equals("GET")
                ? notFound()
                : FakeKustomer.created("k" + kustomer.calls().size()));
    CallFailure lost =
        CallFailure.noAnswer("POST /v1/customers/{id}/klasses/order", new IOException());

    orders.apply(Commands.relOrder("1001", "c1", "1001-1", "1001-2"), lost);

    assertThat(kustomer.requests())
        .containsExactly(
            "GET /v1/klasses/order/externalId=1001",
            "POST /v1/customers/c1/klasses/order",
            "POST /v1/customers/c1/klasses/order-item",
            "POST /v1/customers/c1/klasses/order-item",
            "PUT /v1/klasses/order/k2");
  }

  /** Found, the order may have items already: each is looked up before it is written. */
  @Test
  void relItemsOfAnOrderThatWasThereAreLookedUp() throws Exception {
    kustomer.answer(
        call ->
            call.method().equals("GET") && call.path().contains("externalId=1001-")
                ? notFound()
                : call.method().equals("GET") ? found("k1") : FakeKustomer.created("i1"));
    CallFailure lost =
        CallFailure.noAnswer("POST /v1/customers/{id}/klasses/order", new IOException());

    orders.apply(Commands.relOrder("1001", "c1", "1001-1"), lost);

    assertThat(kustomer.requests())
        .containsExactly(
            "GET /v1/klasses/order/externalId=1001",
            "GET /v1/klasses/order-item/externalId=1001-1",
            "POST /v1/customers/c1/klasses/order-item",
            "PUT /v1/klasses/order/k1");
  }

  @Test
  void aPendingMarkLeftByACrashIsLookedUpNeverCreatedBlindly() throws Exception {
    store.orderPending("order", "1001", 2);
    kustomer.answer(call -> call.method().equals("GET") ? notFound() : FakeKustomer.created("k2"));

    orders.apply(Commands.order("1001", "c1", 3), null);

    assertThat(kustomer.requests())
        .containsExactly(
            "GET /v1/klasses/order/externalId=1001", "POST /v1/customers/c1/klasses/order");
  }

  @Test
  void everyValueInAPathIsOneEncodedSegment() throws Exception {
    kustomer.answer(call -> call.method().equals("GET") ? notFound() : FakeKustomer.created("k"));
    OrderCommand poison = Commands.order("#1001/../x", "../../../v1/customers/x", 1);

    handler(false, OrderHandler.Bulk.off()).apply(poison, null);

    assertThat(kustomer.requests())
        .containsExactly(
            "GET /v1/klasses/order/externalId=%231001%2F..%2Fx",
            "POST /v1/customers/..%2F..%2F..%2Fv1%2Fcustomers%2Fx/klasses/order");
    assertThat(kustomer.calls())
        .extracting(FakeKustomer.Call::template)
        .containsExactly("/v1/klasses/order/externalId=", "/v1/customers/{id}/klasses/order");
  }

  @Test
  void anObjectDeletedInKustomerIsCreatedAgainAndTheStoreTakesTheNewId() throws Exception {
    store.orderWritten("order", "1001", "k-old", 1);
    kustomer.answer(
        call -> call.method().equals("PUT") ? notFound() : FakeKustomer.created("k-new"));

    orders.apply(Commands.order("1001", "c1", 2), null);

    assertThat(kustomer.requests())
        .containsExactly("PUT /v1/klasses/order/k-old", "POST /v1/customers/c1/klasses/order");
    assertThat(store.order("order", "1001").id()).isEqualTo("k-new");
  }

  @Test
  void aMissingKlassIsCreatedAndTheWriteRepeated() throws Exception {
    kustomer.answer(
        call -> {
          if (call.path().equals("/v1/klasses")) {
            return FakeKustomer.created("klass");
          }
          boolean klassExists = kustomer.requests().contains("POST /v1/klasses");
          return klassExists
              ? FakeKustomer.created("k1")
              : FakeKustomer.error(404, "klass_not_found");
        });

    orders.apply(Commands.order("1001", "c1", 1), null);

    assertThat(kustomer.requests())
        .containsExactly(
            "POST /v1/customers/c1/klasses/order",
            "POST /v1/klasses",
            "POST /v1/customers/c1/klasses/order");
  }

  @Test
  void withABacklogCreatesGoInBulkStampedWithTheClock() throws Exception {
    BulkWriter creates = bulkCreates();
    kustomer.answer(new BulkEndpoint());
    OrderHandler bulk =
        handler(true, new OrderHandler.Bulk(true, 5, true, klass -> creates, klass -> null));
    bulk.backlog(() -> 5);
    String stamped = time.instant().toString(); // before following the job moves the clock
    try {
      bulk.apply(Commands.order("1001", "c1", 1), null);
    } finally {
      creates.close();
    }

    FakeKustomer.Call post = kustomer.calls().get(0);
    assertThat(post.path()).isEqualTo("/v1/klasses/order/bulk");
    assertThat(post.body().get(0).path("importedAt").asText()).isEqualTo(stamped);
    assertThat(post.body().get(0).path("customer").asText()).isEqualTo("c1");
    assertThat(store.order("order", "1001").id()).isEqualTo("id-1001");
  }

  private BulkWriter bulkCreates() {
    return BulkEndpoint.orderCreates(kustomer, time, 10, Duration.ZERO, time).start();
  }

  /**
   * A retry after a whole bulk request failed (throttled, no answer) goes in bulk again: its items
   * were not at fault. After an item's own error it goes alone, for a single call's answer.
   */
  @Test
  void aRetryGoesInBulkAgainUnlessTheItemItselfFailed() throws Exception {
    BulkWriter creates = bulkCreates();
    kustomer.answer(
        new BulkEndpoint(
            call -> call.method().equals("GET") ? notFound() : FakeKustomer.created("k2")));
    OrderHandler bulk =
        handler(true, new OrderHandler.Bulk(true, 5, true, klass -> creates, klass -> null));
    bulk.backlog(() -> 5);
    CallFailure throttled =
        CallFailure.answered(
            Outcome.RETRIABLE, "POST /v1/klasses/order/bulk", FakeKustomer.error(429, "slow"));
    CallFailure itemFailed =
        CallFailure.bulkItem("POST /v1/klasses/order/bulk item", 500, "oops", "{}");
    try {
      bulk.apply(Commands.order("1001", "c1", 1), throttled);
      bulk.apply(Commands.order("1002", "c1", 1), itemFailed);
    } finally {
      creates.close();
    }

    assertThat(kustomer.requests())
        .filteredOn(r -> r.startsWith("POST"))
        .containsExactly("POST /v1/klasses/order/bulk", "POST /v1/customers/c1/klasses/order");
  }

  @Test
  void aMissingKlassWithBootstrapOffFailsWithKustomersOwnAnswer() {
    OrderHandler off =
        new OrderHandler(
            kustomer,
            new KlassBootstrap(kustomer, false, false, time),
            store,
            true,
            OrderHandler.Bulk.off(),
            time,
            1000);
    kustomer.answer(call -> FakeKustomer.error(404, "klass_not_found"));

    assertThatThrownBy(() -> off.apply(Commands.order("1001", "c1", 1), null))
        .isInstanceOfSatisfying(
            CallFailure.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(Outcome.PERMANENT);
              assertThat(f.klassMissing()).isTrue();
              assertThat(f.status()).isEqualTo(404);
              assertThat(f.errorBody()).contains("klass_not_found");
              assertThat(f.getMessage()).contains("klass 'order' is missing");
            });
  }

  private OrderHandler handler(boolean owned, OrderHandler.Bulk bulk) {
    return new OrderHandler(
        kustomer, new KlassBootstrap(kustomer, true, false, time), store, owned, bulk, time, 1000);
  }

  private static dev.kobjectingest.kustomer.KustomerResponse found(String id) {
    return FakeKustomer.json(200, "{'data':{'id':'" + id + "'}}");
  }

  private static dev.kobjectingest.kustomer.KustomerResponse notFound() {
    return FakeKustomer.error(404, "not_found");
  }
}
