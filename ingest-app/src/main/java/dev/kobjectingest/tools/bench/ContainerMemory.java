package dev.kobjectingest.tools.bench;

import java.util.Map;

/**
 * The memory setting the README and the Docker image document for one pipeline instance in a 512
 * MiB container, and that the benchmark runs its instances with (a test keeps the three the same).
 *
 * <p>Why these: a 192 MiB heap holds the sink's in-flight records and the Streams caches (the ids
 * are on disk); the serial collector has no per-region overhead and suits one or two cores; the
 * metaspace, code cache, direct buffers and thread stacks get explicit bounds so the rest of the
 * container is not left to JVM defaults sized for the host. RocksDB has its own bound ({@code
 * memory.rocksdb.mib}, 32 MiB), and glibc is kept to two malloc arenas so RocksDB's native
 * allocations from many threads do not fragment into one arena per core.
 */
final class ContainerMemory {
  static final String JAVA_OPTIONS =
      "-Xmx192m -Xss512k -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m"
          + " -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError";

  static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  private ContainerMemory() {}
}
