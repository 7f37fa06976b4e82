package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The search attributes the emulator understands, named as openapi.json's "Standard attributes JSON
 * Schema" names them, and how each one reads a stored document. Customers: the unique contact
 * points ({@code customer_email}, {@code customer_phone}, {@code customer_externalId}), their
 * shared forms ({@code customer_shared_*}, which read only {@code sharedEmails}, ...) and {@code
 * customer_custom_<attribute>}. KObjects of a klass: {@code kobject_custom_<klass>_<attribute>};
 * the document names no KObject externalId attribute, so there is none.
 */
final class SearchAttributes {
  /** openapi.json's pattern for {@code customer_phone} and {@code customer_shared_phone}. */
  private static final Pattern E164 = Pattern.compile("^\\+?[1-9]\\d{1,14}$");

  /** {@code format: email}, loosely: one {@code @} with something on both sides, no blanks. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

  private SearchAttributes() {}

  /**
   * The criterion {@code attribute equals expected} in a customer search ({@code klass} null) or a
   * search of one klass's KObjects; a 400 pointing at the attribute ({@code pointer}) when the
   * emulator cannot search on it, or at its value when that does not fit the attribute.
   */
  static SearchCriterion equalTo(
      String klass, String attribute, JsonNode expected, String pointer) {
    String customPrefix = klass == null ? "customer_custom_" : "kobject_custom_" + klass + "_";
    if (attribute.startsWith(customPrefix) && attribute.length() > customPrefix.length()) {
      return custom(attribute.substring(customPrefix.length()), expected, pointer);
    }
    if (klass == null) {
      SearchCriterion contact =
          switch (attribute) {
            case "customer_email" -> contact(expected, pointer, EMAIL, "emails", "email");
            case "customer_shared_email" ->
                contact(expected, pointer, EMAIL, "sharedEmails", "email");
            case "customer_phone" -> contact(expected, pointer, E164, "phones", "phone");
            case "customer_shared_phone" ->
                contact(expected, pointer, E164, "sharedPhones", "phone");
            case "customer_externalId" ->
                contact(expected, pointer, null, "externalIds", "externalId");
            case "customer_shared_externalId" ->
                contact(expected, pointer, null, "sharedExternalIds", "externalId");
            default -> null;
          };
      if (contact != null) {
        return contact;
      }
    }
    throw ApiException.badRequest(
        "the emulator cannot search on '"
            + attribute
            + "' here; it searches on "
            + (klass == null
                ? "customer_email, customer_phone, customer_externalId, their customer_shared_*"
                    + " forms and customer_custom_<attribute>"
                : "kobject_custom_" + klass + "_<attribute>"),
        pointer);
  }

  private static SearchCriterion contact(
      JsonNode expected, String attributePointer, Pattern format, String list, String key) {
    String pointer = attributePointer + "/equals";
    if (!expected.isTextual()
        || expected.asText().isEmpty()
        || (format != null && !format.matcher(expected.asText()).matches())) {
      throw ApiException.badRequest(
          "the value must be "
              + (format == E164
                  ? "a phone number in E.164 form (" + E164.pattern() + ")"
                  : format == EMAIL ? "an email address" : "a non-empty string"),
          pointer);
    }
    UnaryOperator<String> normalize =
        switch (key) {
          case "email" -> IdentityIndex::normalizedEmail;
          case "phone" -> IdentityIndex::normalizedPhone;
          default -> UnaryOperator.identity();
        };
    Function<JsonNode, List<JsonNode>> values =
        doc -> {
          List<JsonNode> out = new ArrayList<>();
          // The single externalId is the customer's first unique externalId.
          if (list.equals("externalIds") && doc.hasNonNull("externalId")) {
            out.add(doc.get("externalId"));
          }
          doc.path(list).forEach(n -> out.add(n.path(key)));
          return out;
        };
    return new SearchCriterion.Equals(values, normalize, expected);
  }

  private static SearchCriterion custom(String name, JsonNode expected, String attributePointer) {
    if (!expected.isValueNode() || expected.isNull()) {
      throw ApiException.badRequest(
          "the value must be a string, a number or a boolean", attributePointer + "/equals");
    }
    return new SearchCriterion.Equals(
        doc -> {
          JsonNode v = doc.path("custom").get(name);
          return v == null ? List.of() : List.of(v);
        },
        UnaryOperator.identity(),
        expected);
  }
}
