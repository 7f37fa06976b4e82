/** Reproducible benchmarks: topology throughput and end-to-end runs that write BENCHMARKS.md. */
package dev.kobjectingest.tools.bench;
