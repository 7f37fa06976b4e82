package dev.kobjectingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentNamesTest {
  @Test
  void aNameWithinAFewEditsOfAKnownOneIsSuggestedAndAStrangerIsNot() {
    List<String> known = List.of("INGEST_OPS_PORT", "INGEST_MODEL", "INGEST_RULES_DIR");

    assertThat(EnvironmentNames.nearest("INGEST_OPS_PROT", known)).contains("INGEST_OPS_PORT");
    assertThat(EnvironmentNames.nearest("INGEST_RULE_DIR", known)).contains("INGEST_RULES_DIR");
    assertThat(EnvironmentNames.nearest("INGEST_SOMETHING_ELSE_ENTIRELY", known)).isEmpty();
  }

  @Test
  void onlyKubernetesShapedPortVariablesAreServiceLinks() {
    assertThat(EnvironmentNames.isServiceLink("INGEST_PORT", "tcp://10.0.0.1:80")).isTrue();
    assertThat(EnvironmentNames.isServiceLink("INGEST_OPS_PORT", "tcp://10.0.0.1:80")).isTrue();
    // A misspelt port setting with a number is a mistake to report, not a service link.
    assertThat(EnvironmentNames.isServiceLink("INGEST_OP_PORT", "8081")).isFalse();
    assertThat(EnvironmentNames.isServiceLink("INGEST_TOPICS_PARTITION", "6")).isFalse();
  }
}
