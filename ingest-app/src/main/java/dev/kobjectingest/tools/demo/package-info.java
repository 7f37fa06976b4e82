/**
 * The demo's workload and the scenario that runs and verifies it, shared with the end-to-end tests.
 */
package dev.kobjectingest.tools.demo;
