package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The id store: KObject ids, applied change counts and pending marks, as the table keeps them. */
class SinkIdsTest {
  private final MapTable table = new MapTable();
  private final SinkIds ids = new SinkIds(table);

  @Test
  void anUnknownOrderHasNoMark() {
    assertThat(ids.order("order", "1001")).isNull();
  }

  @Test
  void aWrittenOrderKeepsItsIdAndChangeCount() throws Exception {
    ids.orderWritten("order", "1001", "65f0c0ffee", 7);

    assertThat(ids.order("order", "1001")).isEqualTo(new SinkIds.OrderMark("65f0c0ffee", 7, false));
    assertThat(table.values).containsEntry("order/order/1001", "65f0c0ffee|7");
  }

  @Test
  void aPendingMarkKeepsTheChangeCountAppliedSoFar() throws Exception {
    ids.orderWritten("order", "1001", "65f0c0ffee", 3);
    ids.orderPending("order", "1001", 3);

    assertThat(ids.order("order", "1001")).isEqualTo(new SinkIds.OrderMark(null, 3, true));

    ids.orderWritten("order", "1001", "70aa", 4);
    assertThat(ids.order("order", "1001")).isEqualTo(new SinkIds.OrderMark("70aa", 4, false));
  }

  @Test
  void anIdContainingTheSeparatorSurvives() throws Exception {
    ids.orderWritten("order", "a|b", "id|1", 12);
    ids.orderWritten("order-item", "a|b", "id-2", 2);

    assertThat(ids.order("order", "a|b")).isEqualTo(new SinkIds.OrderMark("id|1", 12, false));
    assertThat(ids.order("order-item", "a|b")).isEqualTo(new SinkIds.OrderMark("id-2", 2, false));
  }

  @Test
  void aCustomerPendingMarkIsSetAndCleared() throws Exception {
    assertThat(ids.customerPending("email:jane@example.com")).isFalse();

    ids.customerPending("email:jane@example.com", true);
    assertThat(ids.customerPending("email:jane@example.com")).isTrue();

    ids.customerPending("email:jane@example.com", false);
    assertThat(ids.customerPending("email:jane@example.com")).isFalse();
    assertThat(table.values).isEmpty();
  }

  @Test
  void catchingUpReadsTheTable() {
    ids.catchUp();

    assertThat(table.catchUps).hasValue(1);
  }
}
