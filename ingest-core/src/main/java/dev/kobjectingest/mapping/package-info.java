/**
 * Mapping rules: pure functions from a raw payload to typed events and KObject bodies; no Kafka.
 */
package dev.kobjectingest.mapping;
