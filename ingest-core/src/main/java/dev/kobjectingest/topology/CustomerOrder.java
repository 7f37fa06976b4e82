package dev.kobjectingest.topology;

import dev.kobjectingest.command.CustomerCommand;
import dev.kobjectingest.mapping.CustomerFacts;

/**
 * What one order state means for one customer, repartitioned by the customer's identity: the find
 * or create command, and the order's contribution to the customer's profile.
 *
 * @param facts what the order says about the customer, or null when the rules keep nothing current
 * @param removed the order left this customer (it now belongs to another): its contribution goes
 */
record CustomerOrder(
    CustomerCommand command, String orderId, long version, CustomerFacts facts, boolean removed) {}
