/**
 * The sink: consumes the command topics and applies each command to Kustomer in order per key,
 * within the budget, committing only what is applied or dead-lettered ({@link
 * dev.kobjectingest.sink.SinkFactory} wires its roles).
 */
package dev.kobjectingest.sink;
