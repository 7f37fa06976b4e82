package dev.kobjectingest.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One bound for all the RocksDB memory of a process, as Kafka's memory-management guide recommends:
 * every store (the Streams state stores and the sink's local id tables) shares one block cache, and
 * their memtables are charged to it through one write buffer manager. Without it each store
 * instance takes its own 50 MB cache and up to three 16 MB memtables, per partition, and the
 * process grows with the number of stores and partitions instead of staying inside its container.
 *
 * <p>Pools are process-wide and never closed: stores open and close as partitions move, and the
 * pool must outlive all of them. Pipelines in one JVM with the same bound share one pool.
 */
public final class RocksMemory {
  /** A memtable: small, since a store writes little between flushes and the total is bounded. */
  private static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

  private static final Map<Long, RocksMemory> POOLS = new ConcurrentHashMap<>();

  private final long bytes;
  private final Cache cache;
  private final WriteBufferManager writeBuffers;
  // A filter policy holds no state: one for every store, never closed with a store.
  private final BloomFilter filter = new BloomFilter(10);

  private RocksMemory(long bytes) {
    this.bytes = bytes;
    // Index and filter blocks get a fifth of the cache at high priority, so a filled cache evicts
    // data blocks first and a lookup of an absent key still costs no disk read.
    this.cache = new LRUCache(bytes, -1, false, 0.2);
    // Memtables may take half of the bound; their memory counts against the cache.
    this.writeBuffers = new WriteBufferManager(bytes / 2, cache);
  }

  /** The process's pool of {@code bytes} (at least 8 MiB). */
  public static RocksMemory shared(long bytes) {
    RocksDB.loadLibrary();
    return POOLS.computeIfAbsent(Math.max(bytes, 8L * 1024 * 1024), RocksMemory::new);
  }

  /** The bound, in bytes. */
  public long bytes() {
    return bytes;
  }

  /** Bytes the pool holds now (blocks and memtables), for the metrics. */
  public long usage() {
    return cache.getUsage();
  }

  /** Makes a store's options draw on this pool. */
  public void configure(Options options) {
    BlockBasedTableConfig table =
        options.tableFormatConfig() instanceof BlockBasedTableConfig t
            ? t
            : new BlockBasedTableConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    if (table.filterPolicy() == null) {
      table.setFilterPolicy(filter);
    }
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(writeBuffers);
    options.setWriteBufferSize(Math.min(MEMTABLE_BYTES, bytes / 8));
    options.setMaxWriteBufferNumber(2);
  }
}
