/**
 * The product's command line: run, replay, backfill, topics and rules; the only place that prints
 * or exits.
 */
package dev.kobjectingest.app.cli;
