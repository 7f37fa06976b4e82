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
 * @param update with {@code customerId}: the attributes the rules keep current on that customer,
 *     from all of its orders (owned attributes and aggregates; never identities), merged into what
 *     it has; otherwise null
 * @param customerId set on an update of a known customer ({@link #update}); null on a find or
 *     create
 */
public record CustomerCommand(
    int schema,
    String identityKey,
    List<String> lookups,
    ObjectNode customer,
    long eventTime,
    Origin origin,
    @JsonInclude(JsonInclude.Include.NON_NULL) ObjectNode update,
    @JsonInclude(JsonInclude.Include.NON_NULL) String customerId) {
  public static final int SCHEMA = 1;

  public CustomerCommand {
    lookups = List.copyOf(lookups);
  }

  /** A command with no origin (tests, previews). */
  public CustomerCommand(
      int schema, String identityKey, List<String> lookups, ObjectNode customer, long eventTime) {
    this(schema, identityKey, lookups, customer, eventTime, null, null, null);
  }

  /** A find-or-create command that keeps nothing current. */
  public CustomerCommand(
      int schema,
      String identityKey,
      List<String> lookups,
      ObjectNode customer,
      long eventTime,
      Origin origin) {
    this(schema, identityKey, lookups, customer, eventTime, origin, null, null);
  }

  /**
   * Keeps the profile of the known customer {@code customerId} current: no lookup, no create. Keyed
   * {@code customer:<id>} (never an identity key), so one customer's updates are applied in order.
   */
  public static CustomerCommand update(
      String customerId, ObjectNode update, long eventTime, Origin origin) {
    return new CustomerCommand(
        SCHEMA, UPDATE_KEY + customerId, List.of(), null, eventTime, origin, update, customerId);
  }

  /** The key prefix of {@link #update} commands. */
  public static final String UPDATE_KEY = "customer:";
}
