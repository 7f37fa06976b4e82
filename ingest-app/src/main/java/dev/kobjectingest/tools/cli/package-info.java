/**
 * The development command line: the product's commands plus demo, sandbox, emulator, generate,
 * bench.
 */
package dev.kobjectingest.tools.cli;
