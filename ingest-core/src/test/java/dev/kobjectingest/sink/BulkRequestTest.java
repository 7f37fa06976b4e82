package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import dev.kobjectingest.support.FakeTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Following a bulk job to each item's result, on a fake clock. */
class BulkRequestTest {
  private final FakeTime time = new FakeTime();
  private final Queue<KustomerResponse> answers = new ArrayDeque<>();
  private final FakeKustomer kustomer = new FakeKustomer(call -> answers.remove());
  private final BulkRequest request =
      new BulkRequest(
          kustomer,
          "POST",
          ApiPath.kobjectsBulk("order"),
          Duration.ofSeconds(10),
          time,
          time,
          new JobPace());

  @Test
  void eachItemGetsItsOwnResultMatchedByClientRef() throws Exception {
    List<BulkRequest.Item> items = items(3);
    answers.add(job("job-1"));
    answers.add(batches("running", ""));
    answers.add(
        batches(
            "complete",
            "{'_clientRef':'i2','objectId':'k2','status':'created'},"
                + "{'_clientRef':'i0','objectId':'k0','status':'created'},"
                + "{'_clientRef':'i1','objectId':null,'status':'error','error':'duplicate detected'}"));

    request.run(items);

    assertThat(items.get(0).result().get()).isEqualTo("k0");
    assertThat(items.get(2).result().get()).isEqualTo("k2");
    CallFailure duplicate = failure(items.get(1));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.outcome()).as("redone as a single call").isEqualTo(Outcome.RETRIABLE);
    assertThat(duplicate.certainlyUnwritten()).isFalse();
    assertThat(kustomer.requests())
        .containsExactly(
            "POST /v1/klasses/order/bulk",
            "GET /v1/bulk/job-1/batches",
            "GET /v1/bulk/job-1/batches");
    assertThat(kustomer.calls().get(0).body().findValuesAsText("_clientRef"))
        .containsExactly("i0", "i1", "i2");
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void pollsLessAndLessOftenAndGivesUpAtTheDeadlineWithTheOutcomeUnknown() throws Exception {
    List<BulkRequest.Item> items = items(2);
    answers.add(job("job-2"));
    IntStream.range(0, 20).forEach(i -> answers.add(batches("running", "")));

    request.run(items);

    assertThat(time.sleeps())
        .startsWith(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(800),
            Duration.ofMillis(1600),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    assertThat(time.slept()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
    for (BulkRequest.Item item : items) {
      CallFailure f = failure(item);
      assertThat(f.status()).as("unknown: may have been written").isNull();
      assertThat(f.getMessage()).contains("unfinished after PT10S");
    }
  }

  /**
   * Kustomer's jobs take seconds: after one job took about 3 s, the next is first polled near then,
   * not five times on the way.
   */
  @Test
  void theFirstPollWaitsAboutAsLongAsTheLastJobTook() throws Exception {
    answers.add(job("job-a"));
    IntStream.range(0, 5).forEach(i -> answers.add(batches("running", "")));
    answers.add(batches("complete", "{'_clientRef':'i0','objectId':'k0','status':'created'}"));
    request.run(items(1));
    assertThat(time.slept()).isEqualTo(Duration.ofMillis(3100 + 2000));
    int before = kustomer.requests().size();

    answers.add(job("job-b"));
    answers.add(batches("running", ""));
    answers.add(batches("complete", "{'_clientRef':'i0','objectId':'k1','status':'created'}"));
    List<BulkRequest.Item> next = items(1);
    request.run(next);

    assertThat(next.get(0).result().get()).isEqualTo("k1");
    assertThat(kustomer.requests().subList(before, kustomer.requests().size()))
        .containsExactly(
            "POST /v1/klasses/order/bulk",
            "GET /v1/bulk/job-b/batches",
            "GET /v1/bulk/job-b/batches");
    assertThat(time.sleeps().subList(6, 8))
        .containsExactly(Duration.ofMillis(4080), Duration.ofMillis(1275));
  }

  /**
   * Jobs run their batches one after another: a job four times larger is expected to take four
   * times longer.
   */
  @Test
  void theExpectedTimeOfAJobGrowsWithItsItemsAndIsSharedByTheWriters() throws Exception {
    JobPace pace = new JobPace();
    BulkRequest creates =
        new BulkRequest(
            kustomer,
            "POST",
            ApiPath.kobjectsBulk("order"),
            Duration.ofSeconds(30),
            time,
            time,
            pace);
    BulkRequest updates =
        new BulkRequest(
            kustomer,
            "PUT",
            ApiPath.kobjectsBulk("order"),
            Duration.ofSeconds(30),
            time,
            time,
            pace);
    answers.add(job("job-a"));
    IntStream.range(0, 5).forEach(i -> answers.add(batches("running", "")));
    answers.add(batches("complete", "{'_clientRef':'i0','objectId':'k0','status':'created'}"));
    creates.run(items(1)); // 5.1 s for one item
    int sleeps = time.sleeps().size();

    answers.add(job("job-b"));
    answers.add(batches("complete", "{'_clientRef':'i0','objectId':'k1','status':'created'}"));
    updates.run(items(2));

    assertThat(time.sleeps().get(sleeps))
        .as("first poll, other writer, twice the items")
        .isEqualTo(Duration.ofMillis(8160));
  }

  @Test
  void aPollThatFailsIsAskedAgainButARefusedKeyFailsEveryItem() throws Exception {
    List<BulkRequest.Item> items = items(1);
    answers.add(job("job-3"));
    answers.add(FakeKustomer.error(503, "service_unavailable"));
    answers.add(FakeKustomer.error(401, "unauthorized"));

    request.run(items);

    assertThat(failure(items.get(0)).outcome()).isEqualTo(Outcome.FATAL);
    assertThat(kustomer.requests()).hasSize(3);
  }

  @Test
  void anItemTheJobDoesNotReportOnAndAResponseWithoutJobAreUnknown() throws Exception {
    List<BulkRequest.Item> items = items(2);
    answers.add(job("job-4"));
    answers.add(batches("complete", "{'_clientRef':'i0','objectId':'k0','status':'created'}"));

    request.run(items);

    assertThat(items.get(0).result().get()).isEqualTo("k0");
    assertThat(failure(items.get(1)).getMessage()).contains("reported no result");

    List<BulkRequest.Item> more = items(1);
    answers.add(FakeKustomer.json(201, "{'data':{}}"));
    request.run(more);
    assertThat(failure(more.get(0)).getMessage()).contains("no job id");
  }

  /**
   * No answer: the job may be running. Its items are redone as single calls that look first, so
   * they wait until such a job would have written (seen as a duplicate order under drop faults).
   */
  @Test
  void aRequestWithoutAnAnswerWaitsForTheJobItMayHaveStartedBeforeItsItemsAreRedone()
      throws Exception {
    FakeKustomer silent =
        new FakeKustomer(
            call -> {
              throw CallFailure.noAnswer(call.method(), new java.io.IOException("reset"));
            });
    BulkRequest r =
        new BulkRequest(
            silent,
            "POST",
            ApiPath.kobjectsBulk("order"),
            Duration.ofSeconds(10),
            time,
            time,
            new JobPace());
    List<BulkRequest.Item> items = items(2);

    r.run(items);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
    assertThat(failure(items.get(0)).outcome()).isEqualTo(Outcome.RETRIABLE);

    List<BulkRequest.Item> refused = items(1);
    answers.add(FakeKustomer.error(429, "too_many"));
    request.run(refused);
    assertThat(time.sleeps()).as("a 429 wrote nothing: no wait").hasSize(1);
  }

  @Test
  void aRefusedRequestFailsEveryItemWithKustomersAnswer() throws Exception {
    List<BulkRequest.Item> items = items(2);
    answers.add(FakeKustomer.error(400, "bad_request"));

    request.run(items);

    for (BulkRequest.Item item : items) {
      assertThat(failure(item).outcome()).isEqualTo(Outcome.PERMANENT);
      assertThat(failure(item).status()).isEqualTo(400);
    }
  }

  private static List<BulkRequest.Item> items(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                new BulkRequest.Item(
                    JsonNodeFactory.instance.objectNode().put("externalId", "o" + i),
                    new CompletableFuture<String>()))
        .toList();
  }

  private static KustomerResponse job(String id) {
    return FakeKustomer.created(id);
  }

  private static KustomerResponse batches(String status, String results) {
    return FakeKustomer.json(
        200, "{'data':[{'attributes':{'status':'" + status + "','results':[" + results + "]}}]}");
  }

  private static CallFailure failure(BulkRequest.Item item) throws InterruptedException {
    try {
      item.result().get();
      throw new AssertionError("succeeded: " + item.body());
    } catch (ExecutionException e) {
      return (CallFailure) e.getCause();
    }
  }
}
