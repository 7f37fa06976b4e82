package dev.kobjectingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference is the generated one. When a setting changes, regenerate it
 * with it by running this test with {@code -Dconfig.reference.write=true}.
 */
class ConfigReferenceTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theReadmeCarriesTheGeneratedReference() throws Exception {
    String readme = Files.readString(README);
    int a = readme.indexOf(ConfigReference.BEGIN);
    int b = readme.indexOf(ConfigReference.END);
    String generated = ConfigReference.markdown();
    if (Boolean.getBoolean("config.reference.write") && a >= 0 && b > a) {
      readme =
          readme.substring(0, a) + generated + readme.substring(b + ConfigReference.END.length());
      Files.writeString(README, readme);
      a = readme.indexOf(ConfigReference.BEGIN);
      b = readme.indexOf(ConfigReference.END);
    }
    assertThat(a).as("README has the reference markers").isNotNegative();
    assertThat(readme.substring(a, b + ConfigReference.END.length()))
        .as(
            "README's configuration reference is stale: run ./mvnw -pl ingest-core -am test -Dtest=ConfigReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.reference.write=true")
        .isEqualTo(generated);
  }
}
