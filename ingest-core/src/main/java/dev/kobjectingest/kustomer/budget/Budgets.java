package dev.kobjectingest.kustomer.budget;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Bucket4j bucket that paces requests. A token bucket of capacity {@code B} refilled at
 * {@code R} per minute lets through at most {@code B + R} requests in any rolling minute, so the
 * bucket is sized {@code B + R = share × budget}: Kustomer counts a rolling minute, and a bucket
 * sized to the budget with a full burst on top would overrun it at every window edge.
 */
public final class Budgets {
  /** How long one call to the shared bucket's Redis may take before it counts as failed. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

  private Budgets() {}

  /** The bucket configuration for {@code perMinute} requests, using {@code share} of it (0..1]. */
  public static BucketConfiguration configuration(int perMinute, double share) {
    long usable = Math.max(1, (long) Math.floor(perMinute * share));
    long burst = Math.max(1, usable / 50);
    long refill = Math.max(1, usable - burst);
    return BucketConfiguration.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(burst)
                .refillGreedy(refill, Duration.ofMinutes(1))
                .initialTokens(burst)
                .build())
        .build();
  }

  /** A bucket for one instance, refilled by {@code clock}. */
  public static Bucket local(int perMinute, double share, Clock clock) {
    return Bucket.builder()
        .addLimit(configuration(perMinute, share).getBandwidths()[0])
        .withCustomTimePrecision(new ClockTime(clock))
        .build();
  }

  /** Bucket4j's time read from the injected clock, so a test clock drives the refill too. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }

  /**
   * A bucket shared by every instance through Redis ({@code redis://host:port}), so the org-wide
   * budget holds for all of them together. The returned handle closes the connection.
   */
  public static SharedBucket redis(String redisUri, String key, int perMinute, double share) {
    // Fail fast instead of queueing behind a dead connection for Lettuce's default minute: a
    // failure is retried by the sink like any infrastructure failure, and readiness shows it.
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .build());
    StatefulRedisConnection<String, byte[]> connection =
        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    LettuceBasedProxyManager<String> manager =
        Bucket4jLettuce.casBasedBuilder(connection)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofMinutes(2)))
            .build();
    Bucket bucket = manager.builder().build(key, () -> configuration(perMinute, share));
    return new SharedBucket(
        bucket, manager, connection, client, key.getBytes(StandardCharsets.UTF_8).length);
  }

  /** A Redis-backed bucket and the connection it lives on. */
  public record SharedBucket(
      Bucket bucket,
      LettuceBasedProxyManager<String> manager,
      StatefulRedisConnection<String, byte[]> connection,
      RedisClient client,
      int keyLength)
      implements AutoCloseable {
    /** Another bucket on the same Redis, shared by every instance too (the search limit's). */
    public Bucket another(String key, int perMinute, double share) {
      return manager.builder().build(key, () -> configuration(perMinute, share));
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown();
    }
  }
}
