package dev.kobjectingest.topology;

import dev.kobjectingest.support.RocksMemory;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.Options;

/**
 * Puts every state store of the topology on the process's one RocksDB memory pool ({@link
 * RocksMemory}), sized by {@link #BYTES_CONFIG}, which the application passes through its Streams
 * properties.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** The Streams property carrying the pool's size in bytes. */
  static final String BYTES_CONFIG = "kobject-ingest.rocksdb.memory.bytes";

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    RocksMemory.shared(Long.parseLong(String.valueOf(configs.get(BYTES_CONFIG))))
        .configure(options);
  }

  @Override
  public void close(String storeName, Options options) {
    // The pool is shared by every store and outlives each: nothing of it is closed here.
  }
}
