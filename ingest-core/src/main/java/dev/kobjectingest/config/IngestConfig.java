package dev.kobjectingest.config;

import dev.kobjectingest.mapping.RuleDefaults;
import dev.kobjectingest.mapping.RuleLoader;
import dev.kobjectingest.mapping.RuleProblems;
import dev.kobjectingest.mapping.RuleSet;
import dev.kobjectingest.mapping.WriteModel;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The pipeline's configuration: one properties file plus environment overrides ({@link
 * Setting#envName()}). Keys under {@code kafka.} that are not listed here pass unchanged to every
 * Kafka client (SASL, SSL, ...), e.g. {@code kafka.security.protocol=SASL_SSL}. Loading checks
 * everything, including the mapping rules, and reports every problem at once.
 */
public final class IngestConfig {
  public static final String KAFKA_PREFIX = "kafka.";

  /** Every setting, the single source of loading, validation and the README's reference. */
  public static final List<Setting> SETTINGS = Settings.ALL;

  private final Map<String, String> values;
  private final Map<String, String> kafka;
  private final RuleSet rules;

  private IngestConfig(Map<String, String> values, Map<String, String> kafka, RuleSet rules) {
    this.values = Map.copyOf(values);
    this.kafka = Map.copyOf(kafka);
    this.rules = rules;
  }

  /**
   * Loads {@code file} (null for defaults only), applies the environment, and validates everything.
   */
  public static IngestConfig load(Path file, Map<String, String> env) throws ConfigProblems {
    return load(file, env, Map.of());
  }

  /** As {@link #load(Path, Map)}, with {@code overrides} (from the command line) applied last. */
  public static IngestConfig load(Path file, Map<String, String> env, Map<String, String> overrides)
      throws ConfigProblems {
    List<String> problems = new ArrayList<>();
    Map<String, String> raw = new LinkedHashMap<>();
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        Properties p = new Properties();
        p.load(r);
        p.stringPropertyNames().forEach(k -> raw.put(k, p.getProperty(k).trim()));
      } catch (IOException e) {
        throw new ConfigProblems(List.of(file + ": cannot be read: " + e.getMessage()));
      }
    }
    Map<String, String> kafkaFromEnv = new LinkedHashMap<>();
    readEnvironment(env, raw, kafkaFromEnv, problems);
    raw.putAll(overrides);

    Map<String, String> values = new LinkedHashMap<>();
    Set<String> known = new java.util.HashSet<>();
    for (Setting s : SETTINGS) {
      known.add(s.key());
      values.put(s.key(), raw.getOrDefault(s.key(), s.defaultValue()));
    }
    Map<String, String> kafka = passThrough(raw, known, kafkaFromEnv, problems);
    kafka.put("bootstrap.servers", values.get("kafka.bootstrap.servers"));
    if (kafka.containsKey("max.request.size")) {
      SettingChecks.positive(kafka, "max.request.size", problems);
    }

    SettingChecks.check(values, problems);
    RuleSet rules = null;
    try {
      String region = values.get("rules.phone-region");
      rules =
          RuleLoader.load(
              Path.of(values.get("rules.dir")),
              new RuleDefaults(region == null || region.isBlank() ? null : region.trim()));
    } catch (RuleProblems e) {
      e.problems().forEach(p -> problems.add("rules.dir: " + p));
    }
    if (!problems.isEmpty()) {
      throw new ConfigProblems(problems);
    }
    return new IngestConfig(values, kafka, rules);
  }

  /**
   * The Kafka client properties among the keys that are not settings ({@code kafka.*}, passed to
   * every client without the prefix); any other key is a problem, as is an unknown client property.
   */
  private static Map<String, String> passThrough(
      Map<String, String> raw,
      Set<String> known,
      Map<String, String> kafkaFromEnv,
      List<String> problems) {
    Map<String, String> kafka = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      if (known.contains(e.getKey())) {
        continue;
      }
      if (e.getKey().startsWith(KAFKA_PREFIX)) {
        String key = e.getKey().substring(KAFKA_PREFIX.length());
        if (!KafkaClientKeys.isKnown(key)) {
          problems.add(unknownKafkaKey(e.getKey(), kafkaFromEnv.get(e.getKey())));
        }
        kafka.put(key, e.getValue());
      } else {
        problems.add(
            e.getKey()
                + ": unknown setting"
                + suggestion(e.getKey(), known)
                + " (see the configuration reference in the README)");
      }
    }
    return kafka;
  }

  /**
   * Applies {@code INGEST_*} variables: the settings' own names, and {@code INGEST_KAFKA_*} as
   * Kafka client properties. Any other {@code INGEST_*} name is a problem, as an unknown key in the
   * file is, except the few that are not settings ({@link EnvironmentNames}).
   */
  private static void readEnvironment(
      Map<String, String> env,
      Map<String, String> raw,
      Map<String, String> kafkaFromEnv,
      List<String> problems) {
    Map<String, Setting> byEnv = new LinkedHashMap<>();
    SETTINGS.forEach(s -> byEnv.put(s.envName(), s));
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(EnvironmentNames.PREFIX) || byEnv.containsKey(name)) {
        continue;
      }
      if (EnvironmentNames.NOT_SETTINGS.contains(name)
          || EnvironmentNames.isServiceLink(name, e.getValue())) {
        continue;
      }
      if (name.startsWith(KAFKA_ENV_PREFIX)) {
        String key = kafkaKeyOf(name);
        raw.put(key, e.getValue());
        kafkaFromEnv.put(key, name);
      } else {
        List<String> candidates = new ArrayList<>(byEnv.keySet());
        candidates.addAll(EnvironmentNames.NOT_SETTINGS);
        problems.add(
            name
                + ": unknown environment variable"
                + suggestion(name, candidates)
                + " (INGEST_* variables are settings: see the configuration reference in the README)");
      }
    }
    byEnv.forEach(
        (name, s) -> {
          String v = env.get(name);
          if (v != null) {
            raw.put(s.key(), v.trim());
          }
        });
  }

  private static final String KAFKA_ENV_PREFIX = "INGEST_KAFKA_";

  private static String kafkaKeyOf(String envName) {
    return KAFKA_PREFIX
        + envName.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static String unknownKafkaKey(String key, String envName) {
    List<String> candidates =
        KafkaClientKeys.KNOWN.stream()
            .map(k -> envName == null ? KAFKA_PREFIX + k : Setting.envNameOf(KAFKA_PREFIX + k))
            .toList();
    String subject = envName == null ? key : envName + " (" + key + ")";
    return subject
        + ": not a Kafka client property"
        + suggestion(envName == null ? key : envName, candidates);
  }

  private static String suggestion(String name, java.util.Collection<String> candidates) {
    return EnvironmentNames.nearest(name, candidates)
        .map(n -> " (did you mean " + n + "?)")
        .orElse("");
  }

  public String get(String key) {
    String v = values.get(key);
    if (v == null && !values.containsKey(key)) {
      throw new IllegalArgumentException("no setting " + key);
    }
    return v;
  }

  public int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  public RuleSet rules() {
    return rules;
  }

  public WriteModel model() {
    return WriteModel.parse(get("model"));
  }

  /**
   * Properties every Kafka client of the pipeline starts from (bootstrap servers and passthrough
   * keys).
   */
  public Map<String, String> kafkaClientProperties() {
    return kafka;
  }

  /**
   * The request size the pipeline's producers need: a dead letter as large as configured, and never
   * less than what the user set for every client.
   */
  public int deadLetterMaxBytes() {
    int user = Integer.parseInt(kafka.getOrDefault("max.request.size", "1048576").trim());
    return Math.max(user, getInt("dead-letters.max.bytes"));
  }

  /**
   * The bound of all the process's RocksDB memory (memory.rocksdb.mib), in bytes: one pool for the
   * Streams stores and the sink's tables.
   */
  public long rocksDbMemoryBytes() {
    return getInt("memory.rocksdb.mib") * 1024L * 1024L;
  }
}
