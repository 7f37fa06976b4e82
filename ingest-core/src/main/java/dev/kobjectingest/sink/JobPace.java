package dev.kobjectingest.sink;

/**
 * How long this org's bulk jobs take per item, as the sink's polls last saw it, shared by every
 * bulk writer of the instance: a job's batches run one after another, so its time grows with its
 * items, and the org's pace is the same whichever endpoint the job came from. A writer's first job
 * then starts from what the others learned instead of polling from 100 ms.
 */
final class JobPace {
  /** Longest a job is expected to take: beyond it, the deadline decides. */
  private static final long MAX_EXPECTED_MILLIS = 20_000;

  private volatile double millisPerItem;

  /** How long a job of {@code items} should take; 0 before any job was seen. */
  long expectedMillis(int items) {
    return Math.min(MAX_EXPECTED_MILLIS, Math.round(millisPerItem * Math.max(1, items)));
  }

  /** A job of {@code items} took {@code millis} from its request to the poll that saw it done. */
  void observed(long millis, int items) {
    millisPerItem = (double) Math.min(MAX_EXPECTED_MILLIS, millis) / Math.max(1, items);
  }
}
