package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.kustomer.ApiKey;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerClient;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.kustomer.budget.RequestBudget;
import dev.kobjectingest.support.FakeTime;
import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;
import io.lettuce.core.RedisCommandTimeoutException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KustomerGatewayTest {
  private final FakeTime time = new FakeTime();

  @Test
  void aBudgetStoreThatDoesNotAnswerIsAnInfrastructureFailureAndNoRequestIsSent() {
    KustomerGateway gateway =
        new KustomerGateway(
            // Nothing listens there: a request would fail as an I/O error.
            new KustomerClient(
                URI.create("http://127.0.0.1:9"),
                ApiKey.of("k"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)),
            new RequestBudget(timingOut(), time, time),
            time,
            new SinkHealth(time, Duration.ofSeconds(30)));

    assertThatThrownBy(() -> gateway.call("PUT", ApiPath.kobject("order", "k1"), null, Set.of()))
        .isInstanceOfSatisfying(
            CallFailure.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(Outcome.INFRASTRUCTURE);
              assertThat(f.getMessage())
                  .startsWith("PUT /v1/klasses/order/{id} -> BudgetUnavailableException");
            });
    assertThat(gateway.requests()).isZero();
  }

  @Test
  void statusClassesAreAClosedSet() {
    assertThat(KustomerGateway.statusClass(201)).isEqualTo("2xx");
    assertThat(KustomerGateway.statusClass(404)).isEqualTo("404");
    assertThat(KustomerGateway.statusClass(429)).isEqualTo("429");
    assertThat(KustomerGateway.statusClass(422)).isEqualTo("4xx");
    assertThat(KustomerGateway.statusClass(503)).isEqualTo("5xx");
  }

  /** A shared bucket whose Redis never answers (Lettuce's command timeout). */
  private static Bucket timingOut() {
    BlockingBucket blocking =
        (BlockingBucket)
            Proxy.newProxyInstance(
                KustomerGatewayTest.class.getClassLoader(),
                new Class<?>[] {BlockingBucket.class},
                (proxy, method, args) -> {
                  throw new RedisCommandTimeoutException("Command timed out after 1 minute(s)");
                });
    return (Bucket)
        Proxy.newProxyInstance(
            KustomerGatewayTest.class.getClassLoader(),
            new Class<?>[] {Bucket.class},
            (proxy, method, args) -> blocking);
  }
}
