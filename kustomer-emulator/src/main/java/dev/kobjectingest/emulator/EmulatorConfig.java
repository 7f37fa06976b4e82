package dev.kobjectingest.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of one emulator instance. Defaults follow Kustomer's Enterprise plan and documented
 * limits; the values Kustomer does not publish (per-object update limit, bulk batch size and pace)
 * are our choices, listed in the module's DEVIATIONS.md.
 *
 * @param port TCP port; 0 picks a free one
 * @param bindAddress the address to listen on: loopback by default; {@code 0.0.0.0} in a container,
 *     where other containers call it
 * @param apiKey the bearer token every /v1 request must carry
 * @param rateLimitPerMinute org-wide requests per rolling 60 s
 * @param customerCreatesPerMinute KObject creates per customer per minute, unless {@code
 *     importedAt} is set
 * @param objectUpdatesPerMinute updates of one customer or KObject per minute
 * @param enforceCustomerUniqueness reject a second customer with the same email, phone or
 *     externalId (as Kustomer does); tests may switch it off to prove the client never creates one
 *     itself
 * @param bulkBatchSize items per asynchronous bulk batch
 * @param bulkBatchDelay time one bulk batch waits before it is processed
 * @param workerThreads HTTP worker threads
 * @param clock source of time for limits, timestamps and fault windows
 * @param searchesPerMinute searches per rolling 60 s (Kustomer: 100 for API keys); a search also
 *     counts in the org budget
 * @param bulkBatchLatency time one bulk batch takes once it runs; its items land when it ends
 * @param kobjectPutReplaces a KObject {@code PUT} (single or bulk) replaces {@code custom} and
 *     {@code data} wholesale instead of merging {@code custom} per attribute
 */
public record EmulatorConfig(
    int port,
    String bindAddress,
    String apiKey,
    int rateLimitPerMinute,
    int customerCreatesPerMinute,
    int objectUpdatesPerMinute,
    boolean enforceCustomerUniqueness,
    int bulkBatchSize,
    Duration bulkBatchDelay,
    int workerThreads,
    Clock clock,
    int searchesPerMinute,
    Duration bulkBatchLatency,
    boolean kobjectPutReplaces) {

  public static final String DEFAULT_API_KEY = "emulator-api-key";

  /** The settings before searches, bulk latency and PUT replacement existed; those get defaults. */
  public EmulatorConfig(
      int port,
      String bindAddress,
      String apiKey,
      int rateLimitPerMinute,
      int customerCreatesPerMinute,
      int objectUpdatesPerMinute,
      boolean enforceCustomerUniqueness,
      int bulkBatchSize,
      Duration bulkBatchDelay,
      int workerThreads,
      Clock clock) {
    this(
        port,
        bindAddress,
        apiKey,
        rateLimitPerMinute,
        customerCreatesPerMinute,
        objectUpdatesPerMinute,
        enforceCustomerUniqueness,
        bulkBatchSize,
        bulkBatchDelay,
        workerThreads,
        clock,
        100,
        Duration.ZERO,
        false);
  }

  public EmulatorConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(bulkBatchDelay, "bulkBatchDelay");
    Objects.requireNonNull(bulkBatchLatency, "bulkBatchLatency");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    requirePositive("rateLimitPerMinute", rateLimitPerMinute);
    requirePositive("customerCreatesPerMinute", customerCreatesPerMinute);
    requirePositive("objectUpdatesPerMinute", objectUpdatesPerMinute);
    requirePositive("bulkBatchSize", bulkBatchSize);
    requirePositive("workerThreads", workerThreads);
    requirePositive("searchesPerMinute", searchesPerMinute);
    requireNotNegative("bulkBatchDelay", bulkBatchDelay);
    requireNotNegative("bulkBatchLatency", bulkBatchLatency);
  }

  private static void requireNotNegative(String name, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /**
   * Enterprise-plan defaults on a free port: 1000 requests and 100 searches per minute, fast bulk
   * jobs, KObject PUT merging {@code custom}.
   */
  public static EmulatorConfig defaults() {
    return new EmulatorConfig(
        0,
        "127.0.0.1",
        DEFAULT_API_KEY,
        1000,
        120,
        60,
        true,
        25,
        Duration.ofMillis(20),
        64,
        Clock.systemUTC(),
        100,
        Duration.ZERO,
        false);
  }

  public EmulatorConfig withPort(int newPort) {
    return with(b -> b.port = newPort);
  }

  public EmulatorConfig withBindAddress(String address) {
    return with(b -> b.bindAddress = address);
  }

  public EmulatorConfig withApiKey(String newApiKey) {
    return with(b -> b.apiKey = newApiKey);
  }

  public EmulatorConfig withRateLimitPerMinute(int newLimit) {
    return with(b -> b.rateLimitPerMinute = newLimit);
  }

  public EmulatorConfig withObjectLimits(int creates, int updates) {
    return with(
        b -> {
          b.customerCreatesPerMinute = creates;
          b.objectUpdatesPerMinute = updates;
        });
  }

  public EmulatorConfig withCustomerUniqueness(boolean enforce) {
    return with(b -> b.enforceCustomerUniqueness = enforce);
  }

  public EmulatorConfig withBulk(int batchSize, Duration batchDelay) {
    return with(
        b -> {
          b.bulkBatchSize = batchSize;
          b.bulkBatchDelay = batchDelay;
        });
  }

  public EmulatorConfig withClock(Clock newClock) {
    return with(b -> b.clock = newClock);
  }

  public EmulatorConfig withSearchesPerMinute(int newLimit) {
    return with(b -> b.searchesPerMinute = newLimit);
  }

  /**
   * Each bulk batch takes this long once it runs, so a job of n batches completes after about n ×
   * (batch delay + latency), one batch after another.
   */
  public EmulatorConfig withBulkBatchLatency(Duration latency) {
    return with(b -> b.bulkBatchLatency = latency);
  }

  /** Whether a KObject PUT replaces {@code custom} and {@code data} instead of merging. */
  public EmulatorConfig withKObjectPutReplaces(boolean replaces) {
    return with(b -> b.kobjectPutReplaces = replaces);
  }

  /** A copy with some settings changed; the record's constructor validates the result. */
  private EmulatorConfig with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new EmulatorConfig(
        d.port,
        d.bindAddress,
        d.apiKey,
        d.rateLimitPerMinute,
        d.customerCreatesPerMinute,
        d.objectUpdatesPerMinute,
        d.enforceCustomerUniqueness,
        d.bulkBatchSize,
        d.bulkBatchDelay,
        d.workerThreads,
        d.clock,
        d.searchesPerMinute,
        d.bulkBatchLatency,
        d.kobjectPutReplaces);
  }

  private static final class Draft {
    int port;
    String bindAddress;
    String apiKey;
    int rateLimitPerMinute;
    int customerCreatesPerMinute;
    int objectUpdatesPerMinute;
    boolean enforceCustomerUniqueness;
    int bulkBatchSize;
    Duration bulkBatchDelay;
    int workerThreads;
    Clock clock;
    int searchesPerMinute;
    Duration bulkBatchLatency;
    boolean kobjectPutReplaces;

    Draft(EmulatorConfig c) {
      port = c.port;
      bindAddress = c.bindAddress;
      apiKey = c.apiKey;
      rateLimitPerMinute = c.rateLimitPerMinute;
      customerCreatesPerMinute = c.customerCreatesPerMinute;
      objectUpdatesPerMinute = c.objectUpdatesPerMinute;
      enforceCustomerUniqueness = c.enforceCustomerUniqueness;
      bulkBatchSize = c.bulkBatchSize;
      bulkBatchDelay = c.bulkBatchDelay;
      workerThreads = c.workerThreads;
      clock = c.clock;
      searchesPerMinute = c.searchesPerMinute;
      bulkBatchLatency = c.bulkBatchLatency;
      kobjectPutReplaces = c.kobjectPutReplaces;
    }
  }
}
