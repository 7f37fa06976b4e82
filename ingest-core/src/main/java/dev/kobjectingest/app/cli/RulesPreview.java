package dev.kobjectingest.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.ApiCall;
import dev.kobjectingest.kustomer.RequestPlanner;
import dev.kobjectingest.mapping.EventMapper;
import dev.kobjectingest.mapping.EventValidator;
import dev.kobjectingest.mapping.MappedRecord;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderStateMerger;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.SourceRule;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.support.Json;
import dev.kobjectingest.topology.Commands;
import dev.kobjectingest.topology.ProfileFold;
import dev.kobjectingest.topology.TopologySettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What payloads would do, as {@code rules preview} prints it and {@code rules test} compares it:
 * each record's events (mapped, skipped by {@code when}, or dead-lettered with reason, field and
 * value), merged per order as the pipeline merges them, and the Kustomer requests of the first
 * write of each complete order. No network.
 */
final class RulesPreview {
  /** Failures on these fields mean "not this rule's shape" when detecting a payload's topic. */
  private static final Set<String> SHAPE_FIELDS =
      Set.of("", "orderId", "version", "shipmentId", "itemId", "split");

  private static final ObjectMapper JSON = Json.PLAIN;

  private final RuleSet rules;
  private final WriteModel model;

  RulesPreview(RuleSet rules, WriteModel model) {
    this.rules = rules;
    this.model = model;
  }

  /** One payload: a label to show ({@code null} to show none), its topic or null to detect it. */
  static final class Input {
    private final String label;
    private final String topic;
    private final byte[] bytes;

    Input(String label, String topic, byte[] bytes) {
      this.label = label;
      this.topic = topic;
      this.bytes = bytes.clone();
    }

    String label() {
      return label;
    }

    String topic() {
      return topic;
    }

    byte[] bytes() {
      return bytes.clone();
    }
  }

  /** The preview, and one line per dead letter for stderr. */
  record Result(ObjectNode json, List<String> deadLetters) {}

  Result run(List<Input> inputs) {
    ObjectNode result = JSON.createObjectNode();
    result.put("model", model.label());
    ArrayNode events = result.putArray("events");
    List<String> dead = new ArrayList<>();
    Map<String, OrderState> states = new LinkedHashMap<>();
    for (Input in : inputs) {
      SourceRule rule = in.topic() != null ? ruleFor(in.topic()) : detect(in);
      MappedRecord record = new EventMapper(rule.copy()).mapRecord(in.bytes());
      for (MappedRecord.Outcome o : record.outcomes()) {
        ObjectNode ev = events.addObject();
        if (in.label() != null) {
          ev.put("payload", in.label());
        }
        ev.put("topic", rule.topic()).put("kind", rule.kind().label());
        if (o.element() >= 0) {
          ev.put("element", o.element());
        }
        MappingException failure = outcome(o, ev, states);
        if (failure != null) {
          putDeadLetter(ev, failure);
          dead.add(
              (in.label() == null ? "the payload" : in.label())
                  + " would be dead-lettered: "
                  + failure.getMessage());
        }
      }
    }
    putRequests(result, states.values());
    return new Result(result, dead);
  }

  /**
   * Shows one outcome on {@code ev} and merges a valid event into its order's state; returns the
   * failure that dead-letters it, or null.
   */
  private MappingException outcome(
      MappedRecord.Outcome o, ObjectNode ev, Map<String, OrderState> states) {
    if (o instanceof MappedRecord.Failed f) {
      return f.error();
    }
    if (o instanceof MappedRecord.Skipped s) {
      ev.put("skipped", s.why());
    } else if (o instanceof MappedRecord.Mapped m) {
      try {
        EventValidator.validate(m.event(), model);
        ev.put("orderId", m.event().orderId()).put("version", m.event().version());
        if (!m.dropped().isEmpty()) {
          m.dropped().forEach(ev.putArray("dropped")::add);
        }
        String id = m.event().orderId();
        states.put(
            id, OrderStateMerger.apply(states.getOrDefault(id, OrderState.empty(id)), m.event()));
      } catch (MappingException e) {
        return o.element() < 0 ? e : e.at("element " + o.element());
      }
    }
    return null;
  }

  private static void putDeadLetter(ObjectNode ev, MappingException failure) {
    ObjectNode dl =
        ev.putObject("deadLetter")
            .put(
                "stage", failure.reason() == MappingException.Reason.INVALID_JSON ? "parse" : "map")
            .put("reason", failure.reason().code())
            .put("field", failure.field())
            .put("message", failure.getMessage());
    Object value = failure.value();
    if (value instanceof String text && text.length() > 200) {
      value = text.substring(0, 197) + "...";
    }
    if (value != null) {
      dl.set("value", JSON.valueToTree(value));
    }
  }

  /**
   * The requests of the first write of each complete order (after the rel model's metadata), and
   * the orders still waiting for their order event.
   */
  private void putRequests(ObjectNode result, Iterable<OrderState> states) {
    TopologySettings settings = TopologySettings.defaults(model);
    ArrayNode requests = result.putArray("requests");
    if (model == WriteModel.REL) {
      RequestPlanner.relMetadata(
              settings.orderKlass(),
              settings.itemKlass(),
              settings.itemsRelationship(),
              settings.orderRelationship())
          .forEach(c -> requests.add(toJson(c)));
    }
    Commands commands = new Commands(settings, rules.itemsDataField(), rules.shipmentsDataField());
    List<OrderState> complete = new ArrayList<>();
    states.forEach(
        s -> {
          if (s.complete()) {
            complete.add(s);
          }
        });
    Map<String, ObjectNode> updates =
        rules.keepsCustomersCurrent()
            ? ProfileFold.updates(rules.customerAggregates(), complete)
            : new LinkedHashMap<>();
    for (OrderState state : states) {
      if (!state.complete()) {
        if (!result.has("waiting")) {
          result.putArray("waiting");
        }
        ((ArrayNode) result.get("waiting"))
            .add(
                "order "
                    + state.orderId()
                    + ": no order event yet; nothing is written until it arrives");
        continue;
      }
      CustomerCommand customer = Commands.customer(state, 0);
      RequestPlanner.customer(customer).forEach(c -> requests.add(toJson(c)));
      OrderCommand cmd = commands.order(state, null, 0);
      RequestPlanner.order(cmd).forEach(c -> requests.add(toJson(c)));
      // The customer's profile as the payloads alone make it (no earlier orders), once per
      // customer, after its orders.
      ObjectNode update = updates.remove(customer.identityKey());
      if (update != null) {
        requests.add(toJson(RequestPlanner.customerUpdate(update)));
      }
    }
  }

  private static ObjectNode toJson(ApiCall c) {
    ObjectNode o = JSON.createObjectNode().put("method", c.method()).put("path", c.path());
    if (c.when() != null) {
      o.put("when", c.when());
    }
    if (c.body() != null) {
      o.set("body", c.body());
    }
    return o;
  }

  private SourceRule ruleFor(String topic) {
    SourceRule r = rules.forTopic(topic);
    if (r == null) {
      throw new IllegalArgumentException(
          "no rule maps topic '" + topic + "' (rules map " + rules.topics() + ")");
    }
    return r;
  }

  /**
   * The rule whose shape the payload has: one under which it maps (or is skipped), else one under
   * which it has the ids and fails later, so its dead letter can be explained. None, or several,
   * ask for {@code --topic}, saying why each rule did not match.
   */
  private SourceRule detect(Input in) {
    List<SourceRule> mapped = new ArrayList<>();
    List<SourceRule> failedLater = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (SourceRule r : rules.byTopic().values()) {
      MappedRecord record = new EventMapper(r.copy()).mapRecord(in.bytes());
      boolean any = false;
      String shapeProblem = null;
      for (MappedRecord.Outcome o : record.outcomes()) {
        if (o instanceof MappedRecord.Failed f) {
          if (SHAPE_FIELDS.contains(f.error().field())) {
            shapeProblem = shapeProblem == null ? f.error().getMessage() : shapeProblem;
          }
        } else {
          any = true;
        }
      }
      if (any) {
        mapped.add(r);
      } else if (shapeProblem == null) {
        failedLater.add(r);
      } else {
        why.add(r.topic() + " (" + r.file() + "): " + shapeProblem);
      }
    }
    List<SourceRule> candidates = mapped.isEmpty() ? failedLater : mapped;
    String what = in.label() == null ? "the payload" : in.label();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException(
          what
              + ": no rule maps this payload; why each rule does not: "
              + String.join("; ", why)
              + ". Say which rule with --topic to see its dead letter");
    }
    throw new IllegalArgumentException(
        what
            + ": several rules map this payload ("
            + candidates.stream().map(SourceRule::topic).toList()
            + "); say which with --topic");
  }
}
