/**
 * Small helpers every layer may use: PII masking for logs, and the sleeper that goes with the
 * clock.
 */
package dev.kobjectingest.support;
