/**
 * The dead-letter contract (ingest.dlq.* headers) and replay: what failed, why, and how to send it
 * again.
 */
package dev.kobjectingest.deadletter;
