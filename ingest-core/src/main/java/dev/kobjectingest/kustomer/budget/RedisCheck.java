package dev.kobjectingest.kustomer.budget;

import dev.kobjectingest.support.CheckFailed;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Proves at start-up that the Redis holding the shared budget answers a PING, within a short
 * timeout and without reconnecting, so a wrong {@code kustomer.rate-limit.redis} stops the instance
 * with the setting named instead of a client's bare connection error.
 */
public final class RedisCheck {
  private static final Pattern USER_INFO = Pattern.compile("^(rediss?://)[^@/]*@");

  private RedisCheck() {}

  public static void ping(String uri, Duration timeout) {
    String at = "kustomer.rate-limit.redis=" + withoutCredentials(uri);
    RedisURI target;
    try {
      target = RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new CheckFailed(at + ": not a Redis URI", e);
    }
    target.setTimeout(timeout);
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(false)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .build());
    try (StatefulRedisConnection<String, String> c = client.connect(target)) {
      c.sync().ping();
    } catch (RedisException e) {
      throw new CheckFailed(at + " unreachable (" + root(e) + ")", e);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The URI as it may be printed: a password in it is replaced. */
  public static String withoutCredentials(String uri) {
    return USER_INFO.matcher(uri).replaceFirst("$1***@");
  }

  private static String root(Throwable e) {
    Throwable r = e;
    while (r.getCause() != null) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
  }
}
