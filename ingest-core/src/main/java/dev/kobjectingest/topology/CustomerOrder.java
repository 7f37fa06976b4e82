package dev.kobjectingest.topology;

import dev.kobjectingest.mapping.CustomerFacts;
import dev.kobjectingest.mapping.Origin;

/**
 * One order's contribution to its Kustomer customer's profile, repartitioned by the customer's id.
 *
 * @param facts what the order says about its customer (with the version of its order event)
 * @param removed the order left this customer: its contribution goes. No longer written (an order
 *     counts for its first customer for good), still honoured for records an older version left in
 *     the repartition topic
 * @param origin the raw order event behind it, for a dead letter of the update to point back to
 */
record CustomerOrder(String orderId, CustomerFacts facts, boolean removed, Origin origin) {}
