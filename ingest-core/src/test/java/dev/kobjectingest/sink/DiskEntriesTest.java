package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kobjectingest.support.RocksMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The id tables' local store: ordering by offset, deletes, a bounded cache, scratch directories.
 */
class DiskEntriesTest {
  private static final RocksMemory POOL = RocksMemory.shared(16L << 20);

  @TempDir Path dir;

  @Test
  void aNewerOffsetWinsAndAnOlderOneReadLaterIsIgnored() {
    try (DiskEntries e = DiskEntries.open(dir, "ids", POOL, 10)) {
      e.apply("k", "new", 0, 5);
      e.apply("k", "old", 0, 3);
      assertThat(e.get("k").value()).isEqualTo("new");
      e.apply("k", null, 0, 6);
      assertThat(e.get("k")).isNull();
      assertThat(e.isEmpty()).isTrue();
    }
  }

  @Test
  void keysBeyondTheCacheAreReadBackFromDiskAndTheCacheStaysBounded() {
    try (DiskEntries e = DiskEntries.open(dir, "ids", POOL, 100)) {
      for (int i = 0; i < 5_000; i++) {
        e.apply("order/" + i, "id-" + i + "|1", 0, i);
      }
      assertThat(e.cache().size()).isEqualTo(100);
      for (int i = 0; i < 5_000; i += 7) {
        assertThat(e.get("order/" + i).value()).isEqualTo("id-" + i + "|1");
      }
      assertThat(e.cache().size()).isEqualTo(100);
      assertThat(e.cache().misses.sum()).isPositive();
      assertThat(e.estimatedKeys()).isPositive();
    }
  }

  @Test
  void aTableStartsEmptyAndLeavesNothingBehindWhenClosed() throws IOException {
    try (DiskEntries e = DiskEntries.open(dir, "ids", POOL, 10)) {
      e.apply("k", "v", 0, 0);
    }
    try (DiskEntries e = DiskEntries.open(dir, "ids", POOL, 10)) {
      assertThat(e.get("k")).isNull();
      assertThat(e.isEmpty()).isTrue();
      assertThat(children()).hasSize(1);
    }
    assertThat(children()).isEmpty();
  }

  @Test
  void whatACrashLeftIsDeletedAndATableInUseIsNot() throws IOException {
    Path crashed = Files.createDirectories(dir.resolve("ids.crashed"));
    Files.writeString(crashed.resolve("000001.sst"), "left by a killed process");
    try (DiskEntries first = DiskEntries.open(dir, "ids", POOL, 10);
        DiskEntries second = DiskEntries.open(dir, "ids", POOL, 10)) {
      first.apply("k", "1", 0, 0);
      second.apply("k", "2", 0, 0);
      assertThat(first.get("k").value()).isEqualTo("1");
      assertThat(children()).hasSize(2).doesNotContain(crashed);
    }
  }

  @Test
  void aReadAfterCloseFailsInJavaNotInNativeCode() {
    DiskEntries e = DiskEntries.open(dir, "ids", POOL, 10);
    e.close();
    assertThatThrownBy(() -> e.get("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.apply("k", "v", 0, 1)).isInstanceOf(IllegalStateException.class);
    e.close();
  }

  @Test
  void anyOrderOfWritesAndReadsMatchesAMapKeepingTheNewestOffsetPerPartition() {
    java.util.Random random = new java.util.Random(42);
    try (DiskEntries e = DiskEntries.open(dir, "ids", POOL, 3)) {
      Map<String, DiskEntries.Entry> model = new HashMap<>();
      for (int step = 0; step < 20_000; step++) {
        String key = "k" + random.nextInt(20);
        int partition = random.nextInt(2);
        long offset = random.nextInt(50);
        String value = random.nextInt(5) == 0 ? null : "v" + step;
        e.apply(key, value, partition, offset);
        DiskEntries.Entry old = model.get(key);
        if (old == null || old.partition() != partition || old.offset() < offset) {
          if (value == null) {
            model.remove(key);
          } else {
            model.put(key, new DiskEntries.Entry(value, partition, offset));
          }
        }
        String probe = "k" + random.nextInt(20);
        assertThat(e.get(probe)).as("step %d, %s", step, probe).isEqualTo(model.get(probe));
      }
    }
  }

  @Test
  void aTableWhoseDirectoryIsGoneFailsWithALocalStorageFailureNamingItNotTheData()
      throws IOException {
    DiskEntries e = DiskEntries.open(dir, "ids", POOL, 10);
    Path table = children().get(0);
    // Works as root too: the table's directory becomes a file, so RocksDB cannot create the file a
    // memtable is flushed to. Without a write-ahead log writes go to memory until that flush, and
    // fail from its error on.
    deleteTree(table);
    Files.writeString(table, "not a directory");
    String value = "customer@example.com|" + "x".repeat(1000);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                e.apply("secret-key-" + i, value, 0, i);
              }
            })
        .isInstanceOfSatisfying(
            LocalStorageException.class,
            f -> {
              assertThat(f.dir()).isEqualTo(table.toString());
              assertThat(f.getMessage())
                  .startsWith("cannot write the local table in " + table)
                  .doesNotContain("secret-key")
                  .doesNotContain("example.com");
              assertThat(f.reason()).contains("RocksDBException");
            });
    e.close();
  }

  @Test
  void aTableThatCannotBeCreatedIsALocalStorageFailure() throws IOException {
    Path file = Files.writeString(dir.resolve("state"), "a file where the directory should be");

    assertThatThrownBy(() -> DiskEntries.open(file, "ids", POOL, 10))
        .isInstanceOf(LocalStorageException.class)
        .hasMessageContaining(file.toString());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private List<Path> children() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
