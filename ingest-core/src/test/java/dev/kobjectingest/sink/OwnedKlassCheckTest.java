package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An owned klass with an empty id store next to objects already in Kustomer: refuse to start. */
class OwnedKlassCheckTest {
  private final MapTable table = new MapTable();
  private final SinkIds store = new SinkIds(table);

  @Test
  void anEmptyStoreNextToAKlassThatHoldsObjectsRefusesToStart() {
    FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.json(200, onePage()));

    assertThatThrownBy(() -> OwnedKlassCheck.verify(kustomer, store, "order", "p.sink-ids"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("klass order already holds KObjects")
        .hasMessageContaining("p.sink-ids")
        .hasMessageContaining("kustomer.klass.owned=false");
    assertThat(kustomer.requests()).containsExactly("GET /v1/klasses/order?page=1&pageSize=1");
  }

  @Test
  void aSiblingInstanceThatJustWroteIsSeenBeforeRefusing() {
    FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.json(200, onePage()));
    table.onCatchUp = () -> table.put("order/order/1", "?|0");

    assertThatCode(() -> OwnedKlassCheck.verify(kustomer, store, "order", "p.sink-ids"))
        .doesNotThrowAnyException();
  }

  @Test
  void anEmptyOrMissingKlassOrAStoreThatHoldsSomethingStarts() {
    FakeKustomer empty = new FakeKustomer(call -> FakeKustomer.json(200, "{\"data\":[]}"));
    FakeKustomer missing =
        new FakeKustomer(
            call ->
                FakeKustomer.error(404, dev.kobjectingest.kustomer.KustomerErrors.KLASS_NOT_FOUND));
    assertThatCode(() -> OwnedKlassCheck.verify(empty, store, "order", "t"))
        .doesNotThrowAnyException();
    assertThatCode(() -> OwnedKlassCheck.verify(missing, store, "order", "t"))
        .doesNotThrowAnyException();

    table.put("order/order/1", "k1|1");
    FakeKustomer untouched = new FakeKustomer(call -> FakeKustomer.json(200, onePage()));
    assertThatCode(() -> OwnedKlassCheck.verify(untouched, store, "order", "t"))
        .doesNotThrowAnyException();
    assertThat(untouched.requests()).as("no request when the store holds something").isEmpty();
  }

  private static String onePage() {
    return "{\"data\":[{\"type\":\"kobject.order\",\"id\":\"k9\",\"attributes\":{\"externalId\":\"9\"}}]}";
  }
}
