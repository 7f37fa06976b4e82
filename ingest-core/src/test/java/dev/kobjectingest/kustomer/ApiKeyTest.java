package dev.kobjectingest.kustomer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the key comes from, what a mistake says, and that the key never shows. */
class ApiKeyTest {
  @TempDir Path dir;

  @Test
  void anEmptyKeyFileNamesTheFileAndTheSetting() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), " \n");

    assertThatThrownBy(() -> ApiKey.load(Map.of(), file))
        .hasMessage("the API key file " + file + " (kustomer.api-key-file) is empty");
  }

  @Test
  void theKeyIsReadStrippedAndNeverPrinted() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), "secret-key-123\n");

    ApiKey key = ApiKey.load(Map.of(), file);

    assertThat(key.toString()).doesNotContain("secret");
    assertThat(ApiKey.load(Map.of(ApiKey.ENV, " secret-key-123 "), null).toString())
        .doesNotContain("secret");
  }
}
