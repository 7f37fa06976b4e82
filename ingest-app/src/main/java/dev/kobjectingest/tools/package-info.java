/** Development tools around the product: an in-process broker with the emulator (the sandbox). */
package dev.kobjectingest.tools;
