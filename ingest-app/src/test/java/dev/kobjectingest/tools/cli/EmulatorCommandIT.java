package dev.kobjectingest.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, as a user runs it: {@code java -jar ingest-app/target/ingest-app.jar emulator}.
 */
class EmulatorCommandIT {
  @Test
  void thePackagedJarServesTheEmulatorUntilStopped() throws Exception {
    Path jar = Path.of("target", "ingest-app.jar");
    assertThat(jar).exists();
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "emulator",
                "--port",
                "0",
                "--rate-limit",
                "300")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      assertThat(first).startsWith("Kustomer emulator listening on http://127.0.0.1:");
      URI base = URI.create(first.substring(first.indexOf("http://")));

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(base.resolve("/v1/klasses"))
                      .header("Authorization", "Bearer emulator-api-key")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("x-ratelimit-limit")).contains("300");
    } finally {
      process.destroy();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    // SIGTERM runs the shutdown hook; the JVM exits with 143 (128 + 15) as any Java process does.
    assertThat(process.exitValue()).isIn(0, 143);
    assertThat(Files.exists(jar)).isTrue();
  }
}
