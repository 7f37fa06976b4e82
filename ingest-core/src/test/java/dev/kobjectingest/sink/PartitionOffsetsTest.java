package dev.kobjectingest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Invariant 1: a partition is committed only up to its lowest unfinished record. */
class PartitionOffsetsTest {
  private static final TopicPartition P0 = new TopicPartition("commands", 0);
  private static final TopicPartition P1 = new TopicPartition("commands", 1);

  private final PartitionOffsets offsets = new PartitionOffsets();

  @Test
  void anUnfinishedRecordHoldsBackTheCommitOfEveryLaterOne() {
    offsets.started(P0, 10);
    offsets.started(P0, 11);
    offsets.started(P0, 12);
    offsets.finished(P0, 12);
    offsets.finished(P0, 11);

    assertThat(committed(P0)).isEqualTo(10);

    offsets.finished(P0, 10);

    assertThat(committed(P0)).isEqualTo(13);
    assertThat(offsets.inFlight()).isZero();
  }

  @Test
  void partitionsAreCommittedIndependently() {
    offsets.started(P0, 5);
    offsets.started(P1, 7);
    offsets.finished(P1, 7);

    assertThat(committed(P0)).isEqualTo(5);
    assertThat(committed(P1)).isEqualTo(8);
    assertThat(offsets.inFlight(P0)).isOne();
    assertThat(offsets.inFlight(P1)).isZero();
  }

  @Test
  void aRecordFinishedTwiceOrNeverStartedChangesNothing() {
    offsets.started(P0, 3);
    offsets.finished(P0, 3);
    offsets.started(P0, 4);

    offsets.finished(P0, 3);
    offsets.finished(P0, 99);

    assertThat(committed(P0)).isEqualTo(4);
    assertThat(offsets.inFlight()).isOne();
  }

  @Test
  void aForgottenPartitionIsNeitherCommittedNorCounted() {
    offsets.started(P0, 1);
    offsets.forget(P0);

    assertThat(offsets.committable()).doesNotContainKey(P0);
    assertThat(offsets.inFlight()).isZero();
  }

  /**
   * The property, over random interleavings of reads and finishes in two partitions: what is
   * committable never passes an unfinished offset, never goes back, and reaches the end once all is
   * finished.
   */
  @Test
  void neverCommitsPastAnUnfinishedOffsetInAnyInterleaving() {
    for (long seed = 0; seed < 500; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      PartitionOffsets o = new PartitionOffsets();
      Map<TopicPartition, Long> next = new java.util.HashMap<>(Map.of(P0, 0L, P1, 100L));
      Map<TopicPartition, TreeSet<Long>> unfinished =
          Map.of(P0, new TreeSet<>(), P1, new TreeSet<>());
      Map<TopicPartition, Long> lastCommitted = new java.util.HashMap<>();
      for (int step = 0; step < 200; step++) {
        TopicPartition tp = random.nextBoolean() ? P0 : P1;
        List<Long> open = new ArrayList<>(unfinished.get(tp));
        if (open.isEmpty() || random.nextInt(3) == 0) {
          long offset = next.merge(tp, 1L, Long::sum) - 1;
          o.started(tp, offset);
          unfinished.get(tp).add(offset);
        } else {
          long offset = open.get(random.nextInt(open.size()));
          o.finished(tp, offset);
          unfinished.get(tp).remove(offset);
        }
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : o.committable().entrySet()) {
          long safe = e.getValue().offset();
          TreeSet<Long> u = unfinished.get(e.getKey());
          // Plain checks: AssertJ in this loop would cost a second.
          if (!u.isEmpty() && safe > u.first()) {
            fail("seed %d: committable %d past the unfinished %s", seed, safe, u);
          }
          if (safe < lastCommitted.getOrDefault(e.getKey(), 0L)) {
            fail("seed %d: committable %d went back", seed, safe);
          }
          lastCommitted.put(e.getKey(), safe);
        }
      }
      for (TopicPartition tp : List.of(P0, P1)) {
        for (long offset : new ArrayList<>(unfinished.get(tp))) {
          o.finished(tp, offset);
        }
        if (o.committable().containsKey(tp)) {
          assertThat(o.committable().get(tp).offset()).as("seed %d", seed).isEqualTo(next.get(tp));
        }
      }
    }
  }

  private long committed(TopicPartition tp) {
    return offsets.committable().get(tp).offset();
  }
}
