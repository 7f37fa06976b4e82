/**
 * Kustomer's API as this product uses it: the HTTP client, request paths, and the one vocabulary of
 * its failures ({@link dev.kobjectingest.kustomer.Outcome}, {@link
 * dev.kobjectingest.kustomer.KustomerErrors}); no Kafka.
 */
package dev.kobjectingest.kustomer;
