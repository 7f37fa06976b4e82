package dev.kobjectingest.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kobjectingest.mapping.Origin;
import java.util.List;

/**
 * Find or create the customer of one identity. Keyed by {@link #identityKey()} on the
 * customer-commands topic, so all creation for one identity is done by one sink task, in order: two
 * orders of a new customer cannot both create it. The sink answers on the customer-ids topic
 * ({@code identityKey → customer id}).
 *
 * @param lookups the identities to try, in order ({@code externalId:…}, {@code email:…}, {@code
 *     phone:…})
 * @param customer the body for {@code POST /v1/customers} when no lookup finds one
 * @param eventTime source timestamp of the newest event behind it (epoch millis), for end-to-end
 *     latency
 * @param origin the raw order event it comes from, for a dead letter to point back to (replay
 *     re-runs it through the rules), or null
 * @param update the attributes the rules keep current on the customer, as of the customer's newest
 *     orders (owned attributes and aggregates; never identities), or null when the rules keep
 *     nothing current. A customer created by this command is created with them ({@code customer}
 *     holds them too); a customer found is updated with them, merged into what it has.
 */
public record CustomerCommand(
    int schema,
    String identityKey,
    List<String> lookups,
    ObjectNode customer,
    long eventTime,
    Origin origin,
    @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode update) {
  public static final int SCHEMA = 1;

  public CustomerCommand {
    lookups = List.copyOf(lookups);
  }

  /** A command with no origin (tests, previews). */
  public CustomerCommand(
      int schema, String identityKey, List<String> lookups, ObjectNode customer, long eventTime) {
    this(schema, identityKey, lookups, customer, eventTime, null, null);
  }

  /** A find-or-create command that keeps nothing current. */
  public CustomerCommand(
      int schema,
      String identityKey,
      List<String> lookups,
      ObjectNode customer,
      long eventTime,
      Origin origin) {
    this(schema, identityKey, lookups, customer, eventTime, origin, null);
  }

  /** The same command, keeping {@code update} current: a create carries it too. */
  public CustomerCommand withUpdate(ObjectNode update) {
    ObjectNode create = customer.deepCopy();
    update
        .properties()
        .forEach(
            e -> {
              if (e.getKey().equals("custom")) {
                create.withObjectProperty("custom").setAll((ObjectNode) e.getValue());
              } else {
                create.set(e.getKey(), e.getValue());
              }
            });
    return new CustomerCommand(schema, identityKey, lookups, create, eventTime, origin, update);
  }
}
