package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KlassBootstrapTest {
  private final FakeTime time = new FakeTime();
  private final FakeKustomer kustomer = new FakeKustomer(call -> FakeKustomer.created("x"));
  private final CallFailure notFound = RetryingApplierTest.answered(404, "klass_not_found");

  @Test
  void aBurstOfMissesCreatesTheKlassOnceAMinuteOnTheClock() throws Exception {
    KlassBootstrap klasses = new KlassBootstrap(kustomer, true, false, time);

    klasses.missing("order", notFound);
    klasses.missing("order", notFound);
    time.advance(Duration.ofSeconds(59));
    klasses.missing("order", notFound);
    assertThat(kustomer.requests()).containsExactly("POST /v1/klasses");

    time.advance(Duration.ofSeconds(2));
    klasses.missing("order", notFound);
    assertThat(kustomer.requests()).hasSize(2);
  }

  @Test
  void aFailedCreationIsTriedAgainAtTheNextMiss() throws Exception {
    KlassBootstrap klasses = new KlassBootstrap(kustomer, true, false, time);
    kustomer.answer(call -> FakeKustomer.error(503, "unavailable"));

    assertThatThrownBy(() -> klasses.missing("order", notFound)).isInstanceOf(CallFailure.class);
    kustomer.answer(call -> FakeKustomer.created("x"));
    klasses.missing("order", notFound);

    assertThat(kustomer.requests()).hasSize(2);
  }

  @Test
  void withBootstrapOffAMissingKlassIsPermanentOrFatalAndKeepsKustomersAnswer() {
    assertThatThrownBy(
            () -> new KlassBootstrap(kustomer, false, false, time).missing("order", notFound))
        .isInstanceOfSatisfying(
            CallFailure.class,
            f -> {
              assertThat(f.outcome()).isEqualTo(Outcome.PERMANENT);
              assertThat(SinkReason.of(f)).isEqualTo(SinkReason.KLASS_MISSING);
              assertThat(f.status()).isEqualTo(404);
            });
    assertThatThrownBy(
            () -> new KlassBootstrap(kustomer, false, true, time).missing("order", notFound))
        .isInstanceOfSatisfying(
            CallFailure.class, f -> assertThat(f.outcome()).isEqualTo(Outcome.FATAL))
        .hasMessageContaining("klass 'order' is missing");
    assertThat(kustomer.requests()).isEmpty();
  }

  @Test
  void theRelModelsRelationshipsAreDeclaredOnBothSides() throws Exception {
    new KlassBootstrap(kustomer, true, false, time)
        .declareRel("order", "order-item", "itemsRel", "orderRel");

    assertThat(kustomer.requests())
        .containsExactly(
            "POST /v1/klasses",
            "POST /v1/klasses",
            "PUT /v1/metadata/kobject.order",
            "PUT /v1/metadata/kobject.order-item");
    assertThat(kustomer.calls().get(2).body().at("/relationships/itemsRel/target").asText())
        .isEqualTo("kobject.order-item");
    assertThat(kustomer.calls().get(3).body().at("/relationships/orderRel/multi").asBoolean())
        .isFalse();
  }
}
