package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Gathered customer updates: a bulk request only when it saves requests. */
class CustomerUpdateBatchesTest {
  private final FakeKustomer kustomer =
      new FakeKustomer(call -> FakeKustomer.json(200, "{'data':{'id':'x'}}"));
  private final List<Integer> bulkBatches = new ArrayList<>();
  private final BatchRequest bulk =
      new BatchRequest() {
        @Override
        public String name() {
          return "/v1/customers/bulk";
        }

        @Override
        public void run(List<BulkRequest.Item> batch) {
          bulkBatches.add(batch.size());
          batch.forEach(i -> i.result().complete(i.body().path("id").asText()));
        }

        @Override
        public CallFailure unknown(String why) {
          return CallFailure.unknown(name(), why);
        }
      };

  private static BulkRequest.Item item(String id) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("id", id).put("name", "N");
    return new BulkRequest.Item(body, new CompletableFuture<>());
  }

  @Test
  void oneOrTwoUpdatesGoAloneWithoutTheirIdInTheBody() throws Exception {
    List<BulkRequest.Item> batch = List.of(item("c1"), item("c2"));

    new CustomerUpdateBatches(kustomer, bulk).run(batch);

    assertThat(kustomer.requests())
        .containsExactly("PATCH /v1/customers/c1", "PATCH /v1/customers/c2");
    assertThat(kustomer.calls().get(0).body().toString()).isEqualTo("{\"name\":\"N\"}");
    assertThat(batch.get(1).result().get()).isEqualTo("c2");
    assertThat(bulkBatches).isEmpty();
  }

  @Test
  void moreGoInOneBulkRequest() {
    new CustomerUpdateBatches(kustomer, bulk).run(List.of(item("a"), item("b"), item("c")));

    assertThat(bulkBatches).containsExactly(3);
    assertThat(kustomer.requests()).isEmpty();
  }

  @Test
  void aRefusedUpdateFailsItsOwnItemOnly() {
    kustomer.answer(
        call ->
            call.path().endsWith("/bad")
                ? FakeKustomer.error(400, "bad_request")
                : FakeKustomer.json(200, "{'data':{'id':'ok'}}"));
    BulkRequest.Item bad = item("bad");
    BulkRequest.Item good = item("ok");

    new CustomerUpdateBatches(kustomer, bulk).run(List.of(bad, good));

    assertThat(bad.result()).isCompletedExceptionally();
    assertThat(good.result()).isCompletedWithValue("ok");
  }
}
