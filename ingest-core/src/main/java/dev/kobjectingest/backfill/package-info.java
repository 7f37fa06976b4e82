/** Publishes historical payloads to a raw topic at a bounded rate, resumable from a checkpoint. */
package dev.kobjectingest.backfill;
