package dev.kobjectingest.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static KustomerEmulator emulator;

  @BeforeAll
  static void start() {
    emulator =
        KustomerEmulator.start(
            EmulatorConfig.defaults()
                .withRateLimitPerMinute(1_000_000)
                .withObjectLimits(1_000_000, 1_000_000));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return task.call();
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void racingCreatesOfOneIdentityMakeExactlyOneCustomer() throws Exception {
    emulator.reset();
    for (int round = 0; round < 20; round++) {
      String externalId = "race-" + round;
      List<Integer> statuses =
          race(
              16,
              () ->
                  new EmulatorHttp(emulator)
                      .post("/v1/customers", Map.of("externalId", externalId))
                      .status());

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(15);
    }
    assertThat(emulator.stats().path("customers").asInt()).isEqualTo(20);
    assertThat(emulator.stats().path("duplicateCustomers").asInt()).isZero();
  }

  @Test
  void parallelWritesAreAllCountedAndNoneLost() throws Exception {
    emulator.reset();
    EmulatorHttp http = new EmulatorHttp(emulator);
    http.post("/v1/klasses", Map.of("name", "order"));
    String id =
        http.post("/v1/klasses/order", Map.of("title", "o", "externalId", "P-1"))
            .data()
            .path("id")
            .asText();

    List<Integer> statuses =
        race(
            8,
            () -> {
              EmulatorHttp client = new EmulatorHttp(emulator);
              int ok = 0;
              for (int i = 0; i < 50; i++) {
                ok +=
                    client.post("/v1/klasses/order", Map.of("title", "x")).status() == 201 ? 1 : 0;
                ok +=
                    client.put("/v1/klasses/order/" + id, Map.of("title", "t" + i)).status() == 200
                        ? 1
                        : 0;
              }
              return ok;
            });

    assertThat(statuses).containsOnly(100);
    assertThat(emulator.stats().path("kobjects").path("order").asInt()).isEqualTo(401);
    assertThat(http.get("/v1/klasses/order/" + id).data().path("attributes").path("rev").asInt())
        .isEqualTo(401);
  }
}
