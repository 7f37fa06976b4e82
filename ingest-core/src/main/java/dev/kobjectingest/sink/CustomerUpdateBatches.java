package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import java.util.List;
import java.util.Set;

/**
 * Customer updates gathered by a {@link BulkWriter}: a batch of more than {@link #ALONE} goes as
 * one {@code PUT /v1/customers/bulk}, a smaller one as single {@code PATCH} calls. A bulk request
 * costs at least two requests (the job, one poll) and a job's latency; one or two updates cost no
 * more alone, and a lone change at trickle goes out at once after the linger.
 */
final class CustomerUpdateBatches implements BatchRequest {
  static final int ALONE = 2;

  private final KustomerApi api;
  private final BatchRequest bulk;

  CustomerUpdateBatches(KustomerApi api, BatchRequest bulk) {
    this.api = api;
    this.bulk = bulk;
  }

  @Override
  public String name() {
    return bulk.name();
  }

  @Override
  public void run(List<BulkRequest.Item> batch) {
    if (batch.size() > ALONE) {
      bulk.run(batch);
      return;
    }
    for (BulkRequest.Item item : batch) {
      ObjectNode update = item.body().deepCopy();
      String id = update.remove("id").asText();
      try {
        api.call("PATCH", ApiPath.customer(id), update, Set.of());
        item.result().complete(id);
      } catch (CallFailure f) {
        item.result().completeExceptionally(f);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        item.result().completeExceptionally(unknown("interrupted"));
      }
    }
  }

  @Override
  public CallFailure unknown(String why) {
    return bulk.unknown(why);
  }
}
