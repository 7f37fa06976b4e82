package dev.kobjectingest.tools.bench;

import java.util.Locale;

/**
 * Section 5 of BENCHMARKS.md: the instance's peak resident set through the backlog with the
 * documented container setting, against 512 MiB, and the same after a history of orders, against
 * 10% more.
 */
final class MemoryReport {
  static final long CONTAINER_MIB = 512;

  private MemoryReport() {}

  /** The section, or nothing when the bulk run did not run. */
  static String markdown(
      Workloads.BacklogResult bulk, Workloads.BacklogResult history, int historyOrders) {
    if (bulk == null) {
      return "";
    }
    StringBuilder md = new StringBuilder("## 5. Peak memory\n\n");
    md.append(
        f(
            "Peak resident set (VmHWM) of the one pipeline instance through the %d-order backlog,"
                + " with the README's container setting (`%s`, `MALLOC_ARENA_MAX=2`,"
                + " `memory.rocksdb.mib=32`):%n%n",
            bulk.orders(), ContainerMemory.JAVA_OPTIONS));
    md.append("| run | history | peak RSS | target |\n| --- | ---: | ---: | --- |\n");
    md.append(
        f(
            "| bulk | 0 | **%d MiB** | ≤ %d MiB: %s |%n",
            bulk.peakRssMib(),
            CONTAINER_MIB,
            bulk.peakRssMib() <= CONTAINER_MIB ? "met" : "**not met**"));
    if (history != null) {
      double growth = (double) history.peakRssMib() / bulk.peakRssMib() - 1;
      md.append(
          f(
              "| history | %d orders | **%d MiB** | within 10%% of bulk: %s (%+.1f%%) |%n",
              historyOrders,
              history.peakRssMib(),
              growth <= 0.10 ? "met" : "**not met**",
              100 * growth));
    }
    return md.toString();
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
