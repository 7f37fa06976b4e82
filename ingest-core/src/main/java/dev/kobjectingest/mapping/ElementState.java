package dev.kobjectingest.mapping;

/**
 * The latest known state of one item or shipment and the version it is at. A removal is kept as a
 * tombstone ({@code removed}, no part) so an older re-delivered "added" event cannot bring the item
 * back.
 */
public record ElementState(long version, boolean removed, ElementPart part) {}
