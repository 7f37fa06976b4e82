package dev.kobjectingest.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The largest record each topic takes ({@code max.message.bytes}), asked once per topic, for the
 * tools that publish records above the producer's 1 MiB default (backfill, replay). A record is
 * checked against it before it is sent: one the broker refuses makes the producer split and resend
 * its batch until the delivery timeout (its futures chain until a stack overflows) instead of
 * failing at once.
 */
public final class TopicSizeLimits implements AutoCloseable {
  /** When a topic cannot be described (ACLs): the broker still has the last word. */
  public static final int FALLBACK = 64 * 1024 * 1024;

  private final Map<String, String> kafka;
  private final Map<String, Integer> limits = new HashMap<>();
  private Admin admin;

  public TopicSizeLimits(Map<String, String> kafka) {
    this.kafka = kafka;
  }

  public int of(String topic) {
    return limits.computeIfAbsent(topic, this::describe);
  }

  private int describe(String topic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      if (admin == null) {
        Properties p = new Properties();
        kafka.forEach(p::put);
        admin = Admin.create(p);
      }
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      ConfigEntry limit = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      return limit == null ? FALLBACK : Integer.parseInt(limit.value());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FALLBACK;
    } catch (Exception e) {
      return FALLBACK;
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close();
    }
  }
}
