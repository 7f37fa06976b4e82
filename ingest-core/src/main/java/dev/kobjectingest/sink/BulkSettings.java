package dev.kobjectingest.sink;

import java.time.Duration;

/**
 * When and how the sink writes in bulk ({@code sink.bulk.*}).
 *
 * @param minBacklog records read and not yet applied, per command topic, from which writes go in
 *     bulk
 * @param maxItems items per bulk request (Kustomer takes 100)
 * @param linger how long a request waits to fill after its first item
 * @param importedAt whether KObject creates carry {@code importedAt}
 * @param jobDeadline how long a bulk job is followed before its items count as unknown
 * @param searchCustomers whether unknown identities are resolved by batched customer searches
 */
record BulkSettings(
    boolean enabled,
    int minBacklog,
    int maxItems,
    Duration linger,
    boolean importedAt,
    Duration jobDeadline,
    boolean searchCustomers) {}
