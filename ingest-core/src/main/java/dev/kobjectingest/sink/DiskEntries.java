package dev.kobjectingest.sink;

import dev.kobjectingest.support.RocksMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * What a {@link CompactedTable} has read, on local disk (RocksDB on the process's bounded pool)
 * behind a {@link BoundedCache}: an instance's memory does not grow with the history it wrote (a
 * million orders' ids are ~100 MB), while the ids a backlog uses again stay in memory.
 *
 * <p>The directory is scratch, owned by this table while it is open (a lock file says so): the
 * topic is the durable copy and is read again at every start. Directories a crashed process left
 * behind are deleted when the next table opens beside them.
 *
 * <p>Every failure of the disk or of RocksDB is a {@link LocalStorageException} naming the
 * directory: the caller can tell it from a bug and wait for the disk instead of giving records up.
 */
final class DiskEntries implements AutoCloseable {
  /** A value and where in the topic it came from. */
  record Entry(String value, int partition, long offset) {}

  private static final String LOCK = "owner.lock";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Options options;
  private final WriteOptions writes;
  private final RocksDB db;
  private final BoundedCache<String, Entry> cache;
  // Reads share, writes and close exclude: a read after close must fail in Java, not in RocksDB's
  // native code (workers may still be finishing when the sink closes its tables).
  private final ReadWriteLock guard = new ReentrantReadWriteLock();
  private boolean closed;

  private DiskEntries(Path dir, RocksMemory memory, int cacheEntries) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.lockChannel =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    this.lock = lockChannel.lock();
    this.options = new Options().setCreateIfMissing(true);
    memory.configure(options);
    // Scratch data, rebuilt from the topic at each start: a write-ahead log would be wasted work.
    this.writes = new WriteOptions().setDisableWAL(true);
    try {
      this.db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      closeQuietly();
      throw new LocalStorageException("open", dir, e);
    }
    this.cache = new BoundedCache<>(cacheEntries);
  }

  /** Opens a new table named {@code name} under {@code parent}, clearing what crashes left. */
  static DiskEntries open(Path parent, String name, RocksMemory memory, int cacheEntries) {
    Path dir = parent.resolve(name + "." + UUID.randomUUID());
    try {
      Files.createDirectories(parent);
      deleteAbandoned(parent, name + ".");
      return new DiskEntries(dir, memory, cacheEntries);
    } catch (IOException e) {
      throw new LocalStorageException("create", dir, e);
    }
  }

  Entry get(String key) {
    Entry cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    guard.readLock().lock();
    try {
      open();
      byte[] v = db.get(key.getBytes(StandardCharsets.UTF_8));
      Entry e = v == null ? null : decode(v);
      if (e != null) {
        cache.put(key, e);
      }
      return e;
    } catch (RocksDBException e) {
      throw new LocalStorageException("read", dir, e);
    } finally {
      guard.readLock().unlock();
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("the local table in " + dir + " is closed");
    }
  }

  /**
   * Takes {@code value} (null deletes) unless the key already holds a newer one of the same
   * partition: a local write and the same record read back later never reorder.
   */
  void apply(String key, String value, int partition, long offset) {
    guard.writeLock().lock();
    try {
      open();
      Entry old = get(key);
      if (old != null && old.partition == partition && old.offset >= offset) {
        return;
      }
      write(key, value, partition, offset);
    } finally {
      guard.writeLock().unlock();
    }
  }

  private void write(String key, String value, int partition, long offset) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    try {
      if (value == null) {
        cache.remove(key);
        db.delete(writes, k);
      } else {
        Entry e = new Entry(value, partition, offset);
        db.put(writes, k, encode(e));
        cache.put(key, e);
      }
    } catch (RocksDBException e) {
      throw new LocalStorageException("write", dir, e);
    }
  }

  boolean isEmpty() {
    guard.readLock().lock();
    try {
      open();
      try (RocksIterator it = db.newIterator()) {
        it.seekToFirst();
        // An iterator reports a failed read only through its status.
        it.status();
        return !it.isValid();
      }
    } catch (RocksDBException e) {
      throw new LocalStorageException("read", dir, e);
    } finally {
      guard.readLock().unlock();
    }
  }

  /** RocksDB's estimate of the keys held (exact enough for a gauge and a log line). */
  long estimatedKeys() {
    guard.readLock().lock();
    try {
      return closed ? 0 : db.getLongProperty("rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      return -1;
    } finally {
      guard.readLock().unlock();
    }
  }

  BoundedCache<String, Entry> cache() {
    return cache;
  }

  private static byte[] encode(Entry e) {
    byte[] v = e.value.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(12 + v.length).putInt(e.partition).putLong(e.offset).put(v).array();
  }

  private static Entry decode(byte[] b) {
    ByteBuffer buf = ByteBuffer.wrap(b);
    int partition = buf.getInt();
    long offset = buf.getLong();
    return new Entry(new String(b, 12, b.length - 12, StandardCharsets.UTF_8), partition, offset);
  }

  /** Deletes the tables named {@code prefix}* that no open table holds the lock of. */
  private static void deleteAbandoned(Path parent, String prefix) throws IOException {
    List<Path> candidates;
    try (Stream<Path> s = Files.list(parent)) {
      candidates = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
    for (Path candidate : candidates) {
      if (abandoned(candidate)) {
        deleteTree(candidate);
      }
    }
  }

  private static boolean abandoned(Path dir) {
    Path lockFile = dir.resolve(LOCK);
    if (!Files.exists(lockFile)) {
      return true;
    }
    try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE);
        FileLock l = c.tryLock()) {
      return l != null;
    } catch (OverlappingFileLockException e) {
      return false; // held in this process
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    guard.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      db.close();
      closeQuietly();
    } finally {
      guard.writeLock().unlock();
    }
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // Deleted by the next table that opens beside it.
    }
  }

  private void closeQuietly() {
    writes.close();
    options.close();
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      // The lock goes with the process.
    }
  }
}
