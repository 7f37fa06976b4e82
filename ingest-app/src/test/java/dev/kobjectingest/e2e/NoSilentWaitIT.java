package dev.kobjectingest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kobjectingest.app.Pipeline;
import dev.kobjectingest.deadletter.DeadLetterHeaders;
import dev.kobjectingest.deadletter.DeadLetterReplay;
import dev.kobjectingest.deadletter.ReplaySelection;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.metrics.NotReady;
import dev.kobjectingest.tools.demo.DemoOrders;
import dev.kobjectingest.tools.demo.DemoSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Nothing waits in silence: when a customer is given up (an outage longer than the retry deadline,
 * or Kustomer refusing it), every order of that customer ends as a dead letter too, and one replay
 * (after the fix, a rule change included) brings everything in once.
 */
class NoSilentWaitIT {
  private static final int BUDGET = 6000;

  @Test
  void anOutageLongerThanTheRetryDeadlineDeadLettersEveryOrderAndOneReplayBringsThemIn()
      throws Exception {
    Map<String, String> quickDeadline =
        Map.of(
            "sink.retry.deadline.ms", "3000",
            "sink.retry.max.ms", "500",
            "kustomer.unreachable.after.ms", "1000");
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, quickDeadline)) {
      DemoOrders orders = new DemoOrders(31, 41, 8, 0, 0);
      f.emulator.applyFaults(FaultSpec.parse("outage=25s@0s"));
      long outageEnds = System.nanoTime() + Duration.ofSeconds(25).toNanos();
      long start = System.nanoTime();
      try (Pipeline p = f.scenario.startPipeline()) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        p.bindTo(registry);
        AtomicBoolean sawWaiting = new AtomicBoolean();
        AtomicBoolean sawUnreachable = new AtomicBoolean();
        f.scenario.publish(orders.records());

        Set<String> valid = new HashSet<>(orders.validOrders());
        List<DeadLetters.Letter> dead =
            DeadLetters.read(
                f.scenario.config().kafkaClientProperties(),
                f.scenario.config().get("topics.dead-letters"),
                letters -> {
                  watch(p, registry, sawWaiting, sawUnreachable);
                  return keys(letters, "customer-dead-lettered").containsAll(valid);
                });
        assertThat(keys(dead, "customer-dead-lettered"))
            .as("every order of a given-up customer is a dead letter")
            .containsAll(valid);
        assertThat(dead)
            .filteredOn(l -> "customer".equals(l.stage()))
            .allSatisfy(
                l -> {
                  assertThat(l.reason()).isEqualTo("retries-exhausted");
                  assertThat(l.header(DeadLetterHeaders.ORIGIN_TOPIC)).endsWith("orders.raw");
                });
        assertThat(sawWaiting).as("orders were counted while they waited").isTrue();
        assertThat(sawUnreachable).as("readiness named Kustomer unreachable").isTrue();
        awaitGauge(registry, "ingest.orders.waiting.for.customer", 0);
        assertThat(f.emulator.stats().path("kobjects").path("order").asInt()).isZero();

        TimeUnit.NANOSECONDS.sleep(Math.max(0, outageEnds - System.nanoTime()));
        DeadLetterReplay.Result r =
            new DeadLetterReplay(
                    f.scenario.config().kafkaClientProperties(),
                    f.scenario.config().get("topics.dead-letters"))
                .run(everything(), false, x -> {});
        assertThat(r.fromOrigin()).as("raw events re-run through the rules").isPositive();

        DemoSummary s = f.scenario.await(orders, Duration.ofMinutes(3), p::failure, start, true);
        E2eFixture.assertInvariants(s, BUDGET);
        assertThat(s.delivered()).isEqualTo(orders.validOrders().size());
        awaitGauge(registry, "ingest.orders.waiting.for.customer", 0);
      }
    }
  }

  @Test
  void aCustomerKustomerRefusesTakesItsOrdersAlongAndAFixedRulePlusReplayDeliversThemOnce()
      throws Exception {
    try (E2eFixture f = new E2eFixture(WriteModel.NESTED, BUDGET, Map.of())) {
      String example = E2eFixture.exampleOrder();
      String longEmail = "x".repeat(250) + "@example.com"; // 262 characters: Kustomer says 400
      try (Pipeline p = f.scenario.startPipeline()) {
        f.publishRaw(
            f.rawTopic("orders.raw"),
            Map.of(
                "LONG-1", order(example, "LONG-1", longEmail),
                "LONG-2", order(example, "LONG-2", longEmail),
                "FINE-1", order(example, "FINE-1", "fine@example.com")));
        List<DeadLetters.Letter> dead =
            DeadLetters.read(
                f.scenario.config().kafkaClientProperties(),
                f.scenario.config().get("topics.dead-letters"),
                l -> keys(l, "customer-dead-lettered").containsAll(Set.of("LONG-1", "LONG-2")));
        assertThat(keys(dead, "customer-dead-lettered")).contains("LONG-1", "LONG-2");
        assertThat(dead)
            .filteredOn(l -> "customer".equals(l.stage()))
            .singleElement()
            .satisfies(l -> assertThat(l.reason()).isEqualTo("http-4xx"));
        f.awaitOrderCustomers(Set.of("FINE-1"));
        assertThat(p.failure()).isNull();
      }

      // The fix, in the rule: an email Kustomer cannot take is left out (the phone remains).
      Path fixed = Files.createTempDirectory("fixed-rules");
      Path rules = Path.of(f.scenario.config().get("rules.dir"));
      try (var files = Files.list(rules)) {
        for (Path file : files.toList()) {
          String text = Files.readString(file);
          if (file.getFileName().toString().equals("orders.yaml")) {
            text =
                text.replace(
                    "  email: customer.email",
                    "  email: \"$length(customer.email) <= 254 ? customer.email\"");
          }
          Files.writeString(fixed.resolve(file.getFileName()), text);
        }
      }
      try (Pipeline p = f.scenario.startInstance("fixed", Map.of("rules.dir", fixed.toString()))) {
        DeadLetterReplay.Result r =
            new DeadLetterReplay(
                    f.scenario.config().kafkaClientProperties(),
                    f.scenario.config().get("topics.dead-letters"))
                .run(everything(), false, x -> {});
        assertThat(r.fromOrigin()).isEqualTo(3); // the customer's and both orders' raw events
        f.awaitOrderCustomers(Set.of("FINE-1", "LONG-1", "LONG-2"));
        assertThat(f.emulator.stats().path("duplicateKObjects").asInt()).isZero();
        assertThat(f.emulator.stats().path("duplicateCustomers").asInt()).isZero();
        assertThat(p.failure()).isNull();
      }
    }
  }

  private static void watch(
      Pipeline p, SimpleMeterRegistry registry, AtomicBoolean waiting, AtomicBoolean unreachable) {
    if (registry.get("ingest.orders.waiting.for.customer").gauge().value() > 0) {
      waiting.set(true);
    }
    if (p.notReady().stream().anyMatch(c -> c.cause().equals(NotReady.KUSTOMER_UNREACHABLE))) {
      unreachable.set(true);
    }
  }

  private static Set<String> keys(List<DeadLetters.Letter> letters, String reason) {
    return letters.stream()
        .filter(l -> reason.equals(l.reason()))
        .map(DeadLetters.Letter::key)
        .collect(Collectors.toSet());
  }

  private static ReplaySelection everything() {
    return new ReplaySelection(Set.of(), Set.of(), Set.of(), null, null, 0, Long.MAX_VALUE);
  }

  /** The example order; a long email comes with its own phone (a person of its own). */
  private static String order(String example, String number, String email) {
    String o =
        example.replace("\"AB-1234\"", "\"" + number + "\"").replace("janedoe@example.com", email);
    return email.length() > 254 ? o.replace("(555) 555-1234", "(555) 555-7777") : o;
  }

  private static void awaitGauge(SimpleMeterRegistry registry, String name, double value)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (registry.get(name).gauge().value() != value && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
    }
    assertThat(registry.get(name).gauge().value()).as(name).isEqualTo(value);
  }
}
