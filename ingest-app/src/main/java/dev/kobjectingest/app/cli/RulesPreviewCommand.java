package dev.kobjectingest.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.command.OrderCommand;
import dev.kobjectingest.kustomer.ApiCall;
import dev.kobjectingest.kustomer.RequestPlanner;
import dev.kobjectingest.mapping.EventMapper;
import dev.kobjectingest.mapping.EventValidator;
import dev.kobjectingest.mapping.MappedEvent;
import dev.kobjectingest.mapping.MappingException;
import dev.kobjectingest.mapping.OrderState;
import dev.kobjectingest.mapping.OrderStateMerger;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.SourceRule;
import dev.kobjectingest.mapping.WriteModel;
import dev.kobjectingest.topology.Commands;
import dev.kobjectingest.topology.TopologySettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rules preview --payload FILE [--topic T]}: applies the rules to payloads, merges them per
 * order as the pipeline does, and prints as JSON the Kustomer requests (method, path, body) the
 * first write would make, with placeholders for ids. No network.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Print, as JSON, the Kustomer API requests that payloads would produce (no network; placeholder ids).",
      "Several --payload options are merged in order, as the pipeline merges an order's events."
    })
final class RulesPreviewCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(
      names = "--payload",
      required = true,
      description = "A JSON payload file; repeat for several events.")
  List<Path> payloads;

  @Option(
      names = "--topic",
      description =
          "The topic each payload comes from, in order; detected from the rules when omitted.")
  List<String> topics = new ArrayList<>();

  @Option(
      names = "--rules",
      defaultValue = "mapping-rules",
      description = "Rules directory. Default: ${DEFAULT-VALUE}.")
  Path rulesDir;

  @Option(
      names = "--model",
      defaultValue = "nested",
      description = "nested or rel. Default: ${DEFAULT-VALUE}.")
  String model;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RuleSet rules = RuleLoader.load(rulesDir);
    WriteModel writeModel = WriteModel.parse(model);
    TopologySettings settings = TopologySettings.defaults(writeModel);
    ObjectNode result = JSON.createObjectNode();
    result.put("model", writeModel.label());
    ArrayNode events = result.putArray("events");
    Map<String, OrderState> states = new LinkedHashMap<>();
    for (int i = 0; i < payloads.size(); i++) {
      Path file = payloads.get(i);
      byte[] bytes = Files.readAllBytes(file);
      SourceRule rule =
          i < topics.size() ? ruleFor(rules, topics.get(i)) : detect(rules, bytes, file);
      ObjectNode ev =
          events
              .addObject()
              .put("payload", file.toString())
              .put("topic", rule.topic())
              .put("kind", rule.kind().label());
      try {
        MappedEvent e = new EventMapper(rule.copy()).map(bytes);
        EventValidator.validate(e, writeModel);
        ev.put("orderId", e.orderId()).put("version", e.version());
        states.put(
            e.orderId(),
            OrderStateMerger.apply(
                states.getOrDefault(e.orderId(), OrderState.empty(e.orderId())), e));
      } catch (MappingException e) {
        ev.putObject("deadLetter")
            .put("stage", e.reason() == MappingException.Reason.INVALID_JSON ? "parse" : "map")
            .put("reason", e.reason().code())
            .put("field", e.field())
            .put("message", e.getMessage());
        out.println(JSON.writeValueAsString(result));
        spec.commandLine()
            .getErr()
            .println("error: " + file + " would be dead-lettered: " + e.getMessage());
        return 1;
      }
    }
    ArrayNode requests = result.putArray("requests");
    if (writeModel == WriteModel.REL) {
      RequestPlanner.relMetadata(
              settings.orderKlass(),
              settings.itemKlass(),
              settings.itemsRelationship(),
              settings.orderRelationship())
          .forEach(c -> requests.add(toJson(c)));
    }
    Commands commands = new Commands(settings, rules.itemsDataField(), rules.shipmentsDataField());
    for (OrderState state : states.values()) {
      if (!state.complete()) {
        result
            .putArray("waiting")
            .add(
                "order "
                    + state.orderId()
                    + ": no order event yet; nothing is written until it arrives");
        continue;
      }
      RequestPlanner.customer(Commands.customer(state, 0)).forEach(c -> requests.add(toJson(c)));
      OrderCommand cmd = commands.order(state, null, 0);
      RequestPlanner.order(cmd).forEach(c -> requests.add(toJson(c)));
    }
    out.println(JSON.writeValueAsString(result));
    return 0;
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

  private static SourceRule ruleFor(RuleSet rules, String topic) {
    SourceRule r = rules.forTopic(topic);
    if (r == null) {
      throw new IllegalArgumentException(
          "no rule maps topic '" + topic + "' (rules map " + rules.topics() + ")");
    }
    return r;
  }

  /** The one rule that maps the payload; ambiguity or no match asks for --topic. */
  private static SourceRule detect(RuleSet rules, byte[] bytes, Path file) {
    List<SourceRule> matches = new ArrayList<>();
    for (SourceRule r : rules.byTopic().values()) {
      try {
        new EventMapper(r.copy()).map(bytes);
        matches.add(r);
      } catch (MappingException e) {
        // not this topic's shape
      }
    }
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          file
              + ": "
              + (matches.isEmpty() ? "no rule maps this payload" : "several rules map this payload")
              + "; say which with --topic (one of "
              + rules.topics()
              + ")");
    }
    return matches.get(0);
  }
}
