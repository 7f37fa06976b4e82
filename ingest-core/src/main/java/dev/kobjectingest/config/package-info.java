/**
 * The configuration: every setting, its default and check, file and environment, all problems at
 * once.
 */
package dev.kobjectingest.config;
