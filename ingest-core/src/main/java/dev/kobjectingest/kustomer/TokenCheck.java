package dev.kobjectingest.kustomer;

import dev.kobjectingest.support.CheckFailed;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves at start-up that {@code kustomer.base-url} is Kustomer's API and that it accepts the key,
 * with the cheapest call that shows both: {@code GET /v1/auth/tokens/current}, which answers for a
 * key of any role. Tells apart an address that does not answer, a server that is not Kustomer's API
 * (404, a web page, a redirect) and a refused key (401/403), each as one line naming the setting.
 */
public final class TokenCheck {
  public static final String PATH = "/v1/auth/tokens/current";

  private static final Logger LOG = LoggerFactory.getLogger(TokenCheck.class);

  private TokenCheck() {}

  /**
   * @param keySetting where the key came from, for the message ({@code KUSTOMER_API_KEY} or {@code
   *     kustomer.api-key-file=PATH}); never the key
   * @param timeout the client's connect and request timeout, for the message
   */
  public static void verify(KustomerClient client, String keySetting, Duration timeout)
      throws InterruptedException {
    String at = "kustomer.base-url=" + client.base();
    KustomerResponse r;
    try {
      r = client.send("GET", PATH, null);
    } catch (HttpTimeoutException e) {
      throw new CheckFailed(
          at + " unreachable within " + timeout.toSeconds() + " s (no answer to GET " + PATH + ")",
          e);
    } catch (ConnectException e) {
      throw new CheckFailed(at + " unreachable (" + connectFailure(e) + ")", e);
    } catch (SSLException e) {
      throw new CheckFailed(at + ": the TLS handshake failed (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new CheckFailed(
          at
              + ": no answer ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          e);
    }
    int s = r.status();
    if (s == 401 || s == 403) {
      throw new CheckFailed(
          keySetting + ": Kustomer at " + client.base() + " refused the API key (" + s + ")");
    }
    if (s == 429 || s >= 500) {
      // Kustomer answers, so the address is right; the key is proved by the first write, and a
      // refused key stops the sink then. Refusing to start on a busy or failing API would turn a
      // passing outage into a crash loop.
      LOG.warn("GET {} answered {}; the API key is not verified yet", PATH, s);
      return;
    }
    if (s != 200 || r.body().isMissingNode()) {
      throw new CheckFailed(
          at
              + " does not look like Kustomer's API (GET "
              + PATH
              + " answered "
              + s
              + (r.body().isMissingNode() ? " without JSON" : "")
              + "); it is https://<org>.api.kustomerapp.com or a regional host");
    }
  }

  /** The JDK client's connect failures often carry no message, only a cause. */
  private static String connectFailure(ConnectException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "the host name does not resolve";
      }
    }
    return e.getMessage() == null ? "connection refused" : e.getMessage();
  }
}
