/** The domain meters, readiness causes and the operations endpoints (/metrics, /health). */
package dev.kobjectingest.metrics;
