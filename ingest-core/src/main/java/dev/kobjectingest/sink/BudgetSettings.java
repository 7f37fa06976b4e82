package dev.kobjectingest.sink;

/**
 * The org's request budget ({@code kustomer.rate-limit.*}).
 *
 * @param share the part of {@code perMinute} this pipeline may use, (0, 1]
 * @param redisUri the Redis holding the bucket every instance shares; blank for a local bucket
 * @param searchesPerMinute Kustomer's separate limit of searches, shared the same way
 */
record BudgetSettings(
    int perMinute, double share, String redisUri, String redisKey, int searchesPerMinute) {
  boolean shared() {
    return !redisUri.isBlank();
  }
}
