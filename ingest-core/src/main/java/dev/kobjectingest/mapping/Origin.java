package dev.kobjectingest.mapping;

/**
 * Where a raw event was read: its topic, partition and offset. An order's state keeps the origin of
 * its latest order event, and the commands built from it carry it, so a dead letter of the sink can
 * point back to the raw record: replaying that record runs it through the (possibly fixed) rules
 * again.
 */
public record Origin(String topic, int partition, long offset) {}
