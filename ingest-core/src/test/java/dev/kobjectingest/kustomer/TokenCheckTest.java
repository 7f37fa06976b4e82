package dev.kobjectingest.kustomer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.kobjectingest.emulator.EmulatorConfig;
import dev.kobjectingest.emulator.FaultSpec;
import dev.kobjectingest.emulator.KustomerEmulator;
import dev.kobjectingest.support.CheckFailed;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up check of kustomer.base-url and the key, one distinct line per kind of mistake. */
class TokenCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static KustomerEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = KustomerEmulator.start(EmulatorConfig.defaults());
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static void verify(URI base, String key) throws InterruptedException {
    TokenCheck.verify(
        new KustomerClient(base, ApiKey.of(key), TIMEOUT, TIMEOUT), "KUSTOMER_API_KEY", TIMEOUT);
  }

  private static String failure(URI base, String key) {
    return catchThrowableOfType(CheckFailed.class, () -> verify(base, key)).getMessage();
  }

  @Test
  void theRightAddressAndKeyPass() {
    assertThatCode(() -> verify(emulator.baseUrl(), emulator.config().apiKey()))
        .doesNotThrowAnyException();
  }

  @Test
  void aRefusedKeyNamesWhereTheKeyCameFromButNotTheKey() {
    assertThat(failure(emulator.baseUrl(), "wrong-key-123"))
        .isEqualTo(
            "KUSTOMER_API_KEY: Kustomer at " + emulator.baseUrl() + " refused the API key (401)");
  }

  @Test
  void anAddressNothingListensOnIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port);
    assertThat(failure(base, "k"))
        .isEqualTo("kustomer.base-url=" + base + " unreachable (connection refused)");
  }

  @Test
  void anAddressThatNeverAnswersIsUnreachableWithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort());
      assertThat(failure(base, "k"))
          .isEqualTo(
              "kustomer.base-url="
                  + base
                  + " unreachable within 1 s (no answer to GET /v1/auth/tokens/current)");
    }
  }

  @Test
  void aWebSiteInsteadOfTheApiIsNamedAsSuch() throws Exception {
    HttpServer site =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    site.createContext(
        "/",
        ex -> {
          byte[] page = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/html");
          ex.sendResponseHeaders(404, page.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(page);
          }
        });
    site.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + site.getAddress().getPort());
      assertThat(failure(base, "k"))
          .startsWith(
              "kustomer.base-url="
                  + base
                  + " does not look like Kustomer's API (GET /v1/auth/tokens/current answered 404"
                  + " without JSON)");
    } finally {
      site.stop(0);
    }
  }

  @Test
  void anOutageDoesNotStopStartUp() {
    emulator.applyFaults(FaultSpec.parse("5xx=100%"));
    try {
      assertThatCode(() -> verify(emulator.baseUrl(), emulator.config().apiKey()))
          .doesNotThrowAnyException();
    } finally {
      emulator.applyFaults(FaultSpec.none());
    }
  }
}
