package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.tools.demo.DemoOrders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Someone deletes an order's KObject in Kustomer: the next update re-creates it, and the sink's id
 * store takes the new id, so the update after that changes the re-created object instead of
 * creating yet another one.
 */
class DeletedObjectIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anOrderDeletedInKustomerIsRecreatedOnceAndThenUpdated() throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, 6000, Map.of())) {
      DemoOrders orders = new DemoOrders(6, 3);
      f.scenario.publish(orders.records());
      try (Pipeline p = f.scenario.startPipeline()) {
        f.scenario.await(orders, Duration.ofMinutes(2), p::failure, System.nanoTime());
        String orderId = orders.validOrders().get(0);
        DemoOrders.RawEvent order =
            orders.records().stream()
                .filter(e -> e.orderId().equals(orderId) && e.kind().equals("order"))
                .findFirst()
                .orElseThrow();
        delete(f, objectsOf(f, orderId).get(0).path("id").asText());

        f.scenario.publish(List.of(later(order, 1, "refunded")));
        await().atMost(Duration.ofMinutes(1)).until(() -> status(f, orderId).equals("refunded"));
        f.scenario.publish(List.of(later(order, 2, "closed")));
        await().atMost(Duration.ofMinutes(1)).until(() -> status(f, orderId).equals("closed"));

        assertThat(objectsOf(f, orderId)).as("one KObject for the order").hasSize(1);
        assertThat(f.emulator.stats().path("duplicateKObjects").asInt()).isZero();
      }
    }
  }

  /** The order event {@code days} days after every other event of the demo, with a new status. */
  private static DemoOrders.RawEvent later(DemoOrders.RawEvent order, int days, String status)
      throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(order.json());
    o.put(
        "updated_at", Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(days)).toString());
    o.put("status", status);
    return new DemoOrders.RawEvent("order", order.key(), o.toString(), order.orderId(), true);
  }

  private static List<JsonNode> objectsOf(E2eFixture f, String externalId) {
    return java.util.stream.StreamSupport.stream(
            f.emulator.objects("order").path("data").spliterator(), false)
        .filter(o -> o.path("attributes").path("externalId").asText().equals(externalId))
        .toList();
  }

  private static String status(E2eFixture f, String externalId) {
    List<JsonNode> found = objectsOf(f, externalId);
    return found.isEmpty()
        ? ""
        : found.get(0).path("attributes").path("custom").path("orderStatusStr").asText();
  }

  private static void delete(E2eFixture f, String id) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(f.emulator.baseUrl() + "/v1/klasses/order/" + id))
                    .header("Authorization", "Bearer " + f.emulator.config().apiKey())
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(204);
  }
}
