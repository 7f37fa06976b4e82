package dev.kobjectingest.sink;

import java.util.concurrent.atomic.LongAdder;

/** What one stage of the sink did, for its meters. */
final class SinkCounters {
  /** Records applied to Kustomer. */
  final LongAdder applied = new LongAdder();

  /** Records written to the dead-letter topic. */
  final LongAdder deadLettered = new LongAdder();

  /** Records skipped because a newer one of their key was queued. */
  final LongAdder coalesced = new LongAdder();

  /** Failed attempts tried again. */
  final LongAdder retries = new LongAdder();
}
