package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/customers/search} body, checked against openapi.json's request schema and
 * parsed into what the emulator supports: a {@code customer} or {@code kobject_<klass>} context,
 * equality criteria combined by {@code and}/{@code or}/{@code not} (nested clauses included), the
 * {@code fields} to return, and a sort on creation or update time.
 *
 * @param klass the klass searched, or null for customers
 * @param fields attribute names a hit carries; empty for all of them
 * @param sort sort keys in order, each {@code created_at} or {@code updated_at}
 */
record SearchQuery(
    String klass, SearchCriterion criterion, Set<String> fields, List<SortKey> sort) {

  /** One sort key: by creation or update time, ascending or not. */
  record SortKey(boolean byUpdate, boolean ascending) {}

  static final int MAX_CLAUSE_ITEMS = 20;
  static final int MAX_FIELDS = 20;
  static final int MAX_SORT_KEYS = 5;
  private static final int MAX_DEPTH = 5;
  private static final Set<String> KEYS =
      Set.of(
          "searchHash",
          "queryContext",
          "includeDeleted",
          "timeZone",
          "and",
          "or",
          "not",
          "sort",
          "aggs",
          "fields");
  private static final Set<String> CLAUSES = Set.of("and", "or", "not");

  static SearchQuery parse(JsonNode body) {
    FieldChecks.object(body, "");
    FieldChecks.onlyKeys(body, KEYS, "");
    FieldChecks.string(body, "searchHash", 0, Integer.MAX_VALUE, false, "");
    FieldChecks.string(body, "timeZone", 0, Integer.MAX_VALUE, false, "");
    FieldChecks.bool(body, "includeDeleted", "");
    FieldChecks.anyObject(body, "aggs", "");
    String klass = context(body);
    List<SearchCriterion> clauses = new ArrayList<>();
    for (String clause : List.of("and", "or", "not")) {
      if (body.has(clause)) {
        clauses.add(clause(klass, clause, body.get(clause), "/" + clause, 1));
      }
    }
    return new SearchQuery(
        klass, new SearchCriterion.All(clauses), fields(body), sort(klass, body.get("sort")));
  }

  /**
   * {@code customer} (also when absent: this is the customers' search route) or {@code
   * kobject_<klass>}; the document's other contexts are not emulated.
   */
  private static String context(JsonNode body) {
    FieldChecks.string(body, "queryContext", 1, Integer.MAX_VALUE, false, "");
    String context = body.path("queryContext").asText("customer");
    if (context.equals("customer")) {
      return null;
    }
    if (context.startsWith("kobject_") && context.length() > "kobject_".length()) {
      return context.substring("kobject_".length());
    }
    throw ApiException.badRequest(
        "the emulator searches only queryContext 'customer' and 'kobject_<klass>', not '"
            + context
            + "'",
        "/queryContext");
  }

  private static SearchCriterion clause(
      String klass, String kind, JsonNode node, String pointer, int depth) {
    if (depth > MAX_DEPTH) {
      throw ApiException.badRequest(
          "clauses nest at most " + MAX_DEPTH + " deep in the emulator", pointer);
    }
    List<JsonNode> items = new ArrayList<>();
    List<String> pointers = new ArrayList<>();
    if (node.isObject()) {
      items.add(node);
      pointers.add(pointer);
    } else if (node.isArray()) {
      if (node.size() > MAX_CLAUSE_ITEMS) {
        throw ApiException.badRequest(
            "'" + kind + "' must have at most " + MAX_CLAUSE_ITEMS + " items", pointer);
      }
      if (new HashSet<>(toList(node)).size() != node.size()) {
        throw ApiException.badRequest("'" + kind + "' items must be unique", pointer);
      }
      for (int i = 0; i < node.size(); i++) {
        items.add(node.get(i));
        pointers.add(pointer + "/" + i);
      }
    } else {
      throw ApiException.badRequest(
          "'" + kind + "' must be an object or an array of objects", pointer);
    }
    List<SearchCriterion> parts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      parts.add(item(klass, items.get(i), pointers.get(i), depth));
    }
    return switch (kind) {
      case "and" -> new SearchCriterion.All(parts);
      case "or" -> new SearchCriterion.Any(parts);
      default -> new SearchCriterion.None(parts);
    };
  }

  /**
   * One object of a clause: {@code {"<attribute>": {"equals": value}}} or a nested clause {@code
   * {"and"|"or"|"not": ...}}. One key per object, so how several would combine is never a guess.
   */
  private static SearchCriterion item(String klass, JsonNode item, String pointer, int depth) {
    FieldChecks.object(item, pointer);
    if (item.size() != 1) {
      throw ApiException.badRequest(
          "each criterion object must hold exactly one attribute or clause, had " + item.size(),
          pointer);
    }
    Map.Entry<String, JsonNode> only = item.properties().iterator().next();
    String name = only.getKey();
    String at = pointer + "/" + escape(name);
    if (CLAUSES.contains(name)) {
      return clause(klass, name, only.getValue(), at, depth + 1);
    }
    JsonNode operator = only.getValue();
    if (!operator.isObject() || operator.size() != 1 || !operator.has("equals")) {
      throw ApiException.badRequest(
          "the emulator supports only the 'equals' operator: {\"" + name + "\":{\"equals\":...}}",
          at);
    }
    return SearchAttributes.equalTo(klass, name, operator.get("equals"), at);
  }

  /** {@code fields}: objects {@code {"name": "<attribute>"}}, at most 20, unique. */
  private static Set<String> fields(JsonNode body) {
    JsonNode list = FieldChecks.array(body, "fields", MAX_FIELDS, true, "");
    Set<String> names = new LinkedHashSet<>();
    if (list == null) {
      return names;
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "/fields/" + i;
      JsonNode field = list.get(i);
      FieldChecks.object(field, at);
      FieldChecks.onlyKeys(field, Set.of("name"), at);
      FieldChecks.required(field, "name", at);
      FieldChecks.string(field, "name", 1, 256, false, at);
      names.add(field.get("name").asText());
    }
    return names;
  }

  /** {@code sort}: {@code {"<context>_created_at"|"<context>_updated_at": "asc"|"desc"}}. */
  private static List<SortKey> sort(String klass, JsonNode sort) {
    List<SortKey> keys = new ArrayList<>();
    if (sort == null || sort.isNull()) {
      return keys;
    }
    if (!sort.isObject() && !sort.isArray()) {
      throw ApiException.badRequest("'sort' must be an object or an array of objects", "/sort");
    }
    List<JsonNode> items = sort.isArray() ? toList(sort) : List.of(sort);
    if (items.size() > MAX_SORT_KEYS) {
      throw ApiException.badRequest(
          "'sort' must have at most " + MAX_SORT_KEYS + " items", "/sort");
    }
    String prefix = klass == null ? "customer_" : "kobject_";
    for (int i = 0; i < items.size(); i++) {
      String at = sort.isArray() ? "/sort/" + i : "/sort";
      FieldChecks.object(items.get(i), at);
      for (Map.Entry<String, JsonNode> e : items.get(i).properties()) {
        String direction = e.getValue().asText("");
        boolean byUpdate = e.getKey().equals(prefix + "updated_at");
        if (!(byUpdate || e.getKey().equals(prefix + "created_at"))
            || !(direction.equals("asc") || direction.equals("desc"))) {
          throw ApiException.badRequest(
              "the emulator sorts only on "
                  + prefix
                  + "created_at or "
                  + prefix
                  + "updated_at, 'asc' or 'desc'",
              at + "/" + escape(e.getKey()));
        }
        keys.add(new SortKey(byUpdate, direction.equals("asc")));
      }
    }
    return keys;
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  /** JSON pointer escaping (RFC 6901). */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
