package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotBlank;
import org.junit.jupiter.api.Test;

/** A customer taken by a weaker key is remembered as taken: a second, other account is refused. */
class CustomerClaimsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // A customer the pipeline created from a guest order: the email, nothing stronger.
  private static final JsonNode GUEST = json("{'emails':[{'email':'family@example.com'}]}");

  private final MapTable table = new MapTable();

  @Test
  void aSecondRegisteredAccountWithTheSameEmailIsNotTheSamePerson() throws Exception {
    CustomerClaims claims = new CustomerClaims(new SinkIds(table));

    assertThat(claims.take(account("crm-1"), "email:family@example.com", "guest", GUEST)).isTrue();
    assertThat(claims.take(account("crm-2"), "email:family@example.com", "guest", GUEST)).isFalse();
    assertThat(claims.take(account("crm-1"), "email:family@example.com", "guest", GUEST))
        .as("the account that took it still does")
        .isTrue();
  }

  @Test
  void claimsOutliveTheInstanceThatMadeThem() throws Exception {
    new CustomerClaims(new SinkIds(table))
        .take(account("crm-1"), "email:family@example.com", "guest", GUEST);

    CustomerClaims afterRestart = new CustomerClaims(new SinkIds(table));
    assertThat(
            afterRestart.isSamePerson(account("crm-2"), "email:family@example.com", "guest", GUEST))
        .isFalse();
  }

  @Test
  void foundByItsStrongestKeyAnIdentityTakesTheCustomerAndClaimsNothing() throws Exception {
    CustomerClaims claims = new CustomerClaims(new SinkIds(table));

    assertThat(
            claims.take(
                List.of("email:family@example.com"), "email:family@example.com", "guest", GUEST))
        .isTrue();
    assertThat(new SinkIds(table).customerClaims("guest")).isNull();
  }

  @Test
  void aGuestsEmailTakenByPhoneKeepsTheNextEmailOff() throws Exception {
    // An org's customer known by phone only: the first email found by it takes it, the next is
    // someone else sharing the phone.
    JsonNode phoneOnly = json("{'phones':[{'phone':'15550001111'}]}");
    CustomerClaims claims = new CustomerClaims(new SinkIds(table));

    assertThat(
            claims.take(
                List.of("email:a@example.com", "phone:15550001111"),
                "phone:15550001111",
                "c1",
                phoneOnly))
        .isTrue();
    assertThat(
            claims.take(
                List.of("email:b@example.com", "phone:15550001111"),
                "phone:15550001111",
                "c1",
                phoneOnly))
        .isFalse();
  }

  @Test
  void twoAccountsJudgedAtOnceNeverBothTakeTheCustomer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        CustomerClaims claims = new CustomerClaims(new SinkIds(new MapTable()));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> takes =
            List.of(1, 2, 3, 4, 5, 6, 7, 8).stream()
                .map(
                    n ->
                        pool.submit(
                            () -> {
                              start.await();
                              return claims.take(
                                  account("crm-" + n), "email:family@example.com", "guest", GUEST);
                            }))
                .toList();
        start.countDown();
        int taken = 0;
        for (Future<Boolean> t : takes) {
          taken += t.get() ? 1 : 0;
        }
        assertThat(taken).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Property(tries = 300)
  void whateverTheIdsHoldOnlyTheFirstAccountTakesTheCustomer(
      @ForAll @NotBlank String first, @ForAll @NotBlank String second) throws Exception {
    Assume.that(!first.equals(second));
    CustomerClaims claims = new CustomerClaims(new SinkIds(new MapTable()));

    assertThat(claims.take(account(first), "email:family@example.com", "guest", GUEST)).isTrue();
    assertThat(claims.take(account(second), "email:family@example.com", "guest", GUEST)).isFalse();
    assertThat(claims.take(account(first), "email:family@example.com", "guest", GUEST)).isTrue();
  }

  private static List<String> account(String externalId) {
    return List.of("externalId:" + externalId, "email:family@example.com");
  }

  private static JsonNode json(String single) {
    try {
      return JSON.readTree(single.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
