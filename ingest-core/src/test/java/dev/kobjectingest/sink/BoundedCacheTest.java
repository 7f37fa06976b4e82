package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {
  @Test
  void theLeastRecentlyUsedEntryGoesFirstAndHitsAndMissesAreCounted() {
    BoundedCache<String, String> c = new BoundedCache<>(2);
    c.put("a", "1");
    c.put("b", "2");
    assertThat(c.get("a")).isEqualTo("1"); // a is now the most recent
    c.put("c", "3");

    assertThat(c.get("b")).isNull();
    assertThat(c.get("a")).isEqualTo("1");
    assertThat(c.get("c")).isEqualTo("3");
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.hits.sum()).isEqualTo(3);
    assertThat(c.misses.sum()).isEqualTo(1);
  }
}
