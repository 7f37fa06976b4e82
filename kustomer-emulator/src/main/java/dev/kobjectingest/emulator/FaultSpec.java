package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What goes wrong, and how often. Written as JSON to {@code PUT /__emulator/faults}, or as one
 * compact line (the CLI's {@code --faults}):
 *
 * <pre>
 * 5xx=5%,429=2%,drop=1%,slow=10%:200-800ms,latency=50ms,outage=30s@10s,reject=AB-1|AB-2,seed=7
 * </pre>
 *
 * <ul>
 *   <li>{@code 5xx}: share of requests answered 500, 502 or 503 before any work is done;
 *   <li>{@code 429}: share answered 429 as if another client had spent the org budget;
 *   <li>{@code drop}: share whose connection is closed without a response <em>after</em> the work
 *       is done (the ambiguous case: a retried create must find what the first attempt made);
 *   <li>{@code slow}: share delayed by a uniform time in the range; {@code latency}: delay added to
 *       every response;
 *   <li>{@code outage=D@S}: every API request answers 503 for D, starting S after the spec is
 *       applied;
 *   <li>{@code reject}: externalIds whose KObject or customer writes always fail with a permanent
 *       400.
 * </ul>
 */
public record FaultSpec(
    double error5xx,
    double tooManyRequests,
    double drop,
    double slow,
    long slowMinMillis,
    long slowMaxMillis,
    long latencyMinMillis,
    long latencyMaxMillis,
    long outageStartAfterMillis,
    long outageDurationMillis,
    Set<String> rejectExternalIds,
    long seed) {

  public FaultSpec {
    requireShare("5xx", error5xx);
    requireShare("429", tooManyRequests);
    requireShare("drop", drop);
    requireShare("slow", slow);
    if (slowMinMillis < 0 || slowMaxMillis < slowMinMillis) {
      throw new IllegalArgumentException("slow range must be 0 <= min <= max");
    }
    if (latencyMinMillis < 0 || latencyMaxMillis < latencyMinMillis) {
      throw new IllegalArgumentException("latency range must be 0 <= min <= max");
    }
    if (outageStartAfterMillis < 0 || outageDurationMillis < 0) {
      throw new IllegalArgumentException("outage start and duration must not be negative");
    }
    rejectExternalIds = Set.copyOf(rejectExternalIds);
  }

  /** No faults at all. */
  public static FaultSpec none() {
    return new FaultSpec(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Set.of(), 1);
  }

  private static void requireShare(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be a share between 0 and 1, was " + value);
    }
  }

  /** True when nothing would ever be injected. */
  public boolean isNone() {
    return error5xx == 0
        && tooManyRequests == 0
        && drop == 0
        && slow == 0
        && latencyMaxMillis == 0
        && outageDurationMillis == 0
        && rejectExternalIds.isEmpty();
  }

  /** Parses the compact line form; an empty line or {@code none} means no faults. */
  public static FaultSpec parse(String text) {
    Builder b = new Builder();
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
      return b.build();
    }
    for (String part : trimmed.split(",", -1)) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("fault '" + part + "' is not key=value");
      }
      String key = kv[0].trim().toLowerCase(Locale.ROOT);
      String value = kv[1].trim();
      switch (key) {
        case "5xx" -> b.error5xx = share(value);
        case "429" -> b.tooManyRequests = share(value);
        case "drop" -> b.drop = share(value);
        case "slow" -> {
          String[] pr = value.split(":", 2);
          b.slow = share(pr[0]);
          long[] range = pr.length == 2 ? range(pr[1]) : new long[] {500, 2000};
          b.slowMin = range[0];
          b.slowMax = range[1];
        }
        case "latency" -> {
          long[] range = range(value);
          b.latencyMin = range[0];
          b.latencyMax = range[1];
        }
        case "outage" -> {
          String[] ds = value.split("@", 2);
          b.outageDuration = duration(ds[0]);
          b.outageStart = ds.length == 2 ? duration(ds[1]) : 0;
        }
        case "reject" -> b.reject.addAll(List.of(value.split("\\|", -1)));
        case "seed" -> b.seed = Long.parseLong(value);
        default ->
            throw new IllegalArgumentException(
                "unknown fault '"
                    + key
                    + "' (known: 5xx, 429, drop, slow, latency, outage, reject, seed)");
      }
    }
    return b.build();
  }

  /** Reads the JSON form served at {@code /__emulator/faults}. */
  public static FaultSpec fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("fault spec must be a JSON object");
    }
    Set<String> known =
        Set.of(
            "error5xx",
            "tooManyRequests",
            "drop",
            "slow",
            "latency",
            "outage",
            "rejectExternalIds",
            "seed");
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown fault field '" + name + "'; known: " + known);
      }
    }
    Builder b = new Builder();
    b.error5xx = number(json, "error5xx", 0);
    b.tooManyRequests = number(json, "tooManyRequests", 0);
    b.drop = number(json, "drop", 0);
    JsonNode slow = section(json, "slow", "probability", "minMs", "maxMs");
    b.slow = number(slow, "slow.probability", 0);
    b.slowMin = (long) number(slow, "slow.minMs", 0);
    b.slowMax = (long) number(slow, "slow.maxMs", (double) b.slowMin);
    JsonNode latency = section(json, "latency", "minMs", "maxMs");
    b.latencyMin = (long) number(latency, "latency.minMs", 0);
    b.latencyMax = (long) number(latency, "latency.maxMs", (double) b.latencyMin);
    JsonNode outage = section(json, "outage", "startAfterMs", "durationMs");
    b.outageStart = (long) number(outage, "outage.startAfterMs", 0);
    b.outageDuration = (long) number(outage, "outage.durationMs", 0);
    JsonNode reject = json.path("rejectExternalIds");
    if (!reject.isMissingNode() && !reject.isArray()) {
      throw new IllegalArgumentException("rejectExternalIds must be an array of externalIds");
    }
    reject.forEach(n -> b.reject.add(n.asText()));
    b.seed = (long) number(json, "seed", 1);
    return b.build();
  }

  /**
   * A number, or the default when absent: "50%" or "fast" would otherwise read as 0 and a test
   * would run without the fault it asked for.
   */
  private static double number(JsonNode parent, String path, double absent) {
    JsonNode n = parent.path(path.substring(path.lastIndexOf('.') + 1));
    if (n.isMissingNode() || n.isNull()) {
      return absent;
    }
    if (!n.isNumber()) {
      throw new IllegalArgumentException(path + " must be a number, was " + n);
    }
    return n.asDouble();
  }

  /** An object with only the given keys, or an empty one when absent. */
  private static JsonNode section(JsonNode json, String name, String... keys) {
    JsonNode n = json.path(name);
    if (n.isMissingNode() || n.isNull()) {
      return Json.object();
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(name + " must be an object with " + List.of(keys));
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!List.of(keys).contains(key)) {
        throw new IllegalArgumentException(
            "unknown field '" + name + "." + key + "'; known: " + List.of(keys));
      }
    }
    return n;
  }

  /** The JSON form, as {@link #fromJson} reads it. */
  public ObjectNode toJson() {
    ObjectNode o =
        Json.object()
            .put("error5xx", error5xx)
            .put("tooManyRequests", tooManyRequests)
            .put("drop", drop);
    o.putObject("slow")
        .put("probability", slow)
        .put("minMs", slowMinMillis)
        .put("maxMs", slowMaxMillis);
    o.putObject("latency").put("minMs", latencyMinMillis).put("maxMs", latencyMaxMillis);
    o.putObject("outage")
        .put("startAfterMs", outageStartAfterMillis)
        .put("durationMs", outageDurationMillis);
    rejectExternalIds.stream().sorted().forEach(o.putArray("rejectExternalIds")::add);
    o.put("seed", seed);
    return o;
  }

  private static double share(String value) {
    String v = value.trim();
    double d =
        v.endsWith("%")
            ? Double.parseDouble(v.substring(0, v.length() - 1)) / 100
            : Double.parseDouble(v);
    requireShare("share", d);
    return d;
  }

  private static long[] range(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    String[] lr = v.split("-", 2);
    long lo = duration(lr[0]);
    long hi = lr.length == 2 ? duration(lr[1]) : lo;
    return new long[] {lo, hi};
  }

  /** Milliseconds from {@code 250ms}, {@code 30s}, {@code 2m} or a bare number of milliseconds. */
  private static long duration(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Map<String, Long> units = Map.of("ms", 1L, "s", 1000L, "m", 60_000L);
    for (String unit : List.of("ms", "s", "m")) {
      if (v.endsWith(unit)) {
        return Long.parseLong(v.substring(0, v.length() - unit.length()).trim()) * units.get(unit);
      }
    }
    return Long.parseLong(v);
  }

  private static final class Builder {
    double error5xx;
    double tooManyRequests;
    double drop;
    double slow;
    long slowMin;
    long slowMax;
    long latencyMin;
    long latencyMax;
    long outageStart;
    long outageDuration;
    final Set<String> reject = new LinkedHashSet<>();
    long seed = 1;

    FaultSpec build() {
      List<String> ids = new ArrayList<>();
      for (String id : reject) {
        if (!id.isBlank()) {
          ids.add(id.trim());
        }
      }
      return new FaultSpec(
          error5xx,
          tooManyRequests,
          drop,
          slow,
          slowMin,
          slowMax,
          latencyMin,
          latencyMax,
          outageStart,
          outageDuration,
          Set.copyOf(ids),
          seed);
    }
  }
}
