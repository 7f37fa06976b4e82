package dev.kobjectingest.config;

/** The configuration reference (a Markdown table), generated from {@link IngestConfig#SETTINGS}. */
public final class ConfigReference {
  public static final String BEGIN =
      "<!-- config-reference:begin (generated from IngestConfig.SETTINGS; do not edit) -->";
  public static final String END = "<!-- config-reference:end -->";

  private ConfigReference() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append('\n');
    b.append("| key | environment | default | what it does |\n| --- | --- | --- | --- |\n");
    for (Setting s : IngestConfig.SETTINGS) {
      String def = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
      if (s.key().equals("streams.state.dir")) {
        def = "`<java.io.tmpdir>/kobject-ingest-streams`";
      }
      b.append("| `")
          .append(s.key())
          .append("` | `")
          .append(s.envName())
          .append("` | ")
          .append(def)
          .append(" | ")
          .append(s.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    b.append(
        "| `kafka.*` | `INGEST_KAFKA_*` | | Any other Kafka client property, passed to every client unchanged (SASL, SSL, ...). |\n");
    b.append(END);
    return b.toString();
  }
}
