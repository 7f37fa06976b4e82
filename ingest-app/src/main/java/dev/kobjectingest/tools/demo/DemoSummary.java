package dev.kobjectingest.tools.demo;

import java.util.Locale;

/** The demo's result, printed as one JSON line (docs/design.md 5.4). */
public record DemoSummary(
    int orders,
    int events,
    int delivered,
    int missing,
    int stale,
    int duplicates,
    int deadLetters,
    long apiRequests,
    long throttled,
    double elapsedSeconds,
    long peakRequestsPerMinute,
    int rateLimitPerMinute) {

  public boolean ok() {
    return missing == 0 && stale == 0 && duplicates == 0;
  }

  public String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"orders\":%d,\"events\":%d,\"delivered\":%d,\"missing\":%d,\"stale\":%d,\"duplicates\":%d,"
            + "\"deadLetters\":%d,\"apiRequests\":%d,\"apiRequestsPerOrder\":%.2f,\"throttled\":%d,"
            + "\"elapsedSeconds\":%.1f,\"peakRequestsPerMinute\":%d,\"rateLimitPerMinute\":%d}",
        orders,
        events,
        delivered,
        missing,
        stale,
        duplicates,
        deadLetters,
        apiRequests,
        orders == 0 ? 0.0 : (double) apiRequests / orders,
        throttled,
        elapsedSeconds,
        peakRequestsPerMinute,
        rateLimitPerMinute);
  }
}
