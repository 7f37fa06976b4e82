package dev.kobjectingest.sink;

import dev.kobjectingest.support.RocksMemory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The meters of what the sink keeps: each id cache's entries, bound, hits and misses (a falling hit
 * rate under a backlog says the cache is too small for the working set), the keys each local table
 * holds on disk, and the RocksDB pool's use against its bound.
 */
final class MemoryMeters {
  private final Map<String, BoundedCache<?, ?>> caches = new LinkedHashMap<>();
  private final Map<String, DiskEntries> tables = new LinkedHashMap<>();
  private final RocksMemory rocks;

  MemoryMeters(RocksMemory rocks) {
    this.rocks = rocks;
  }

  /** Adds a cache, tagged {@code cache=name}. */
  MemoryMeters cache(String name, BoundedCache<?, ?> cache) {
    caches.put(name, cache);
    return this;
  }

  /** Adds a local table (and its cache), tagged with {@code name}. */
  MemoryMeters table(String name, DiskEntries entries) {
    tables.put(name, entries);
    return cache(name, entries.cache());
  }

  void bindTo(MeterRegistry registry) {
    caches.forEach(
        (name, c) -> {
          Gauge.builder("ingest.id.cache.entries", c, BoundedCache::size)
              .description("Ids kept in memory by the cache")
              .tag("cache", name)
              .register(registry);
          Gauge.builder("ingest.id.cache.max.entries", c, BoundedCache::maxEntries)
              .description("The cache's bound (sink.ids.cache.entries)")
              .tag("cache", name)
              .register(registry);
          FunctionCounter.builder("ingest.id.cache.hits", c, x -> x.hits.sum())
              .description("Reads the cache answered")
              .tag("cache", name)
              .register(registry);
          FunctionCounter.builder("ingest.id.cache.misses", c, x -> x.misses.sum())
              .description("Reads the cache did not answer (read from disk or asked of Kustomer)")
              .tag("cache", name)
              .register(registry);
        });
    tables.forEach(
        (name, t) ->
            Gauge.builder("ingest.id.table.keys", t, DiskEntries::estimatedKeys)
                .description("Keys the local table holds on disk (RocksDB's estimate)")
                .tag("table", name)
                .register(registry));
    Gauge.builder("ingest.rocksdb.memory.used.bytes", rocks, RocksMemory::usage)
        .description("RocksDB block cache and memtables of the process, all stores")
        .register(registry);
    Gauge.builder("ingest.rocksdb.memory.limit.bytes", rocks, RocksMemory::bytes)
        .description("The bound of the RocksDB memory (memory.rocksdb.mib)")
        .register(registry);
  }
}
