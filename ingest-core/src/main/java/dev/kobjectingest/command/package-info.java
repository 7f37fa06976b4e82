/**
 * The write commands, the contract between the topology that emits them and the sink that applies
 * them.
 */
package dev.kobjectingest.command;
