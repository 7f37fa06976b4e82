package dev.kobjectingest.sink;

import java.util.List;

/**
 * What a {@link BulkWriter} sends one gathered batch with: a bulk write, or a search that resolves
 * many identities at once. It completes each item's future: an object id, null where the request
 * says there is none, or a {@link CallFailure}.
 */
interface BatchRequest {
  /** Its name in threads and logs: the endpoint's path template. */
  String name();

  /** Sends the batch and completes every item's future. */
  void run(List<BulkRequest.Item> batch);

  /** The failure of items whose outcome is unknown (the sink is stopping). */
  CallFailure unknown(String why);
}
