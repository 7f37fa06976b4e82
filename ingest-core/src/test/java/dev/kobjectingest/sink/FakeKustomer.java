package dev.kobjectingest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.kustomer.ApiPath;
import dev.kobjectingest.kustomer.KustomerResponse;
import dev.kobjectingest.kustomer.Outcome;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Kustomer as a script, for tests: records every call and answers what the test says, classified as
 * the gateway would.
 */
final class FakeKustomer implements KustomerApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request the sink made. */
  record Call(String method, String path, String template, JsonNode body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** The answer to a call; throws a {@link CallFailure} for no answer at all. */
  interface Responder {
    KustomerResponse answer(Call call) throws CallFailure;
  }

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Responder responder;

  FakeKustomer(Responder responder) {
    this.responder = responder;
  }

  void answer(Responder responder) {
    this.responder = responder;
  }

  @Override
  public KustomerResponse call(String method, ApiPath path, JsonNode body, Set<Integer> accepted)
      throws CallFailure {
    Call call = new Call(method, path.path(), path.template(), body);
    calls.add(call);
    KustomerResponse r = responder.answer(call);
    if (r.ok() || accepted.contains(r.status())) {
      return r;
    }
    throw CallFailure.answered(
        Outcome.classify(r.status(), null), method + " " + path.template(), r);
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls as {@code METHOD path} lines. */
  List<String> requests() {
    return calls.stream().map(Call::toString).toList();
  }

  /** A 2xx carrying {@code data.id}. */
  static KustomerResponse created(String id) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("data").put("id", id);
    return KustomerResponse.of(201, body);
  }

  /** An error in Kustomer's JSON:API shape. */
  static KustomerResponse error(int status, String code) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putArray("errors").addObject().put("status", status).put("code", code).put("title", code);
    return KustomerResponse.of(status, body);
  }

  static KustomerResponse json(int status, String json) {
    try {
      return KustomerResponse.of(status, JSON.readTree(json.replace('\'', '"')));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
