/**
 * The Kafka Streams topology (a pure function of rules and settings), its error handling and its
 * runner.
 */
package dev.kobjectingest.topology;
