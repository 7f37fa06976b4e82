/**
 * The org's request budget: a Bucket4j bucket, local or shared through Redis, and Kustomer's
 * rate-limit headers.
 */
package dev.kobjectingest.kustomer.budget;
