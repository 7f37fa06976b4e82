/** The topics a configuration uses, by role: listing and race-free creation. */
package dev.kobjectingest.topics;
