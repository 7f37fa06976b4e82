package dev.kobjectingest.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** The request bodies of the operations the emulator serves, as openapi.json states them. */
final class RequestValidators {
  static final Set<String> CUSTOMER_KEYS =
      Set.of(
          "name",
          "company",
          "externalId",
          "username",
          "signedUpAt",
          "lastActivityAt",
          "lastCustomerActivityAt",
          "lastSeenAt",
          "avatarUrl",
          "externalIds",
          "sharedExternalIds",
          "emails",
          "sharedEmails",
          "phones",
          "sharedPhones",
          "whatsapps",
          "facebookIds",
          "instagramIds",
          "socials",
          "sharedSocials",
          "urls",
          "locations",
          "locale",
          "timeZone",
          "tags",
          "sentiment",
          "custom",
          "birthdayAt",
          "gender",
          "createdAt",
          "importedAt",
          "rev",
          "defaultLang");
  static final Set<String> KOBJECT_CREATE_KEYS =
      Set.of(
          "customer",
          "company",
          "externalId",
          "title",
          "description",
          "images",
          "icon",
          "data",
          "custom",
          "tags",
          "createdAt",
          "importedAt");
  static final Set<String> KOBJECT_UPDATE_KEYS =
      Set.of(
          "externalId",
          "title",
          "images",
          "icon",
          "data",
          "custom",
          "tags",
          "createdAt",
          "importedAt",
          "rev");
  static final Set<String> KLASS_KEYS =
      Set.of(
          "name", "displayName", "icon", "color", "jsonSchema", "klassSchema", "mixins", "status");
  static final Set<String> METADATA_KEYS =
      Set.of("standardProperties", "relationships", "properties", "validations");

  private static final Set<String> EMAIL_TYPES = Set.of("home", "work", "other");
  private static final Set<String> PHONE_TYPES = Set.of("mobile", "home", "work", "fax", "other");

  private RequestValidators() {}

  /**
   * Customer create and update bodies share one schema; {@code extraKeys} admits bulk's {@code
   * _clientRef}/{@code id}.
   */
  static void customer(JsonNode body, String pointer, Set<String> extraKeys) {
    FieldChecks.object(body, pointer);
    FieldChecks.onlyKeys(body, union(CUSTOMER_KEYS, extraKeys), pointer);
    FieldChecks.string(body, "name", 0, 256, true, pointer);
    FieldChecks.string(body, "company", 0, Integer.MAX_VALUE, true, pointer);
    FieldChecks.string(body, "externalId", 1, 256, true, pointer);
    FieldChecks.string(body, "username", 0, 256, true, pointer);
    FieldChecks.string(body, "locale", 0, 16, true, pointer);
    FieldChecks.string(body, "timeZone", 0, 64, true, pointer);
    FieldChecks.string(body, "defaultLang", 0, 100, true, pointer);
    FieldChecks.string(body, "avatarUrl", 0, Integer.MAX_VALUE, true, pointer);
    for (String date :
        new String[] {
          "signedUpAt", "lastActivityAt", "lastCustomerActivityAt", "lastSeenAt", "birthdayAt"
        }) {
      FieldChecks.dateTime(body, date, true, pointer);
    }
    FieldChecks.dateTime(body, "createdAt", false, pointer);
    FieldChecks.dateTime(body, "importedAt", false, pointer);
    FieldChecks.enumeration(body, "gender", Set.of("m", "f"), pointer);
    FieldChecks.number(body, "rev", pointer);
    FieldChecks.anyObject(body, "sentiment", pointer);
    FieldChecks.tags(body, pointer);
    contactList(body, "emails", "email", EMAIL_TYPES, pointer);
    contactList(body, "sharedEmails", "email", EMAIL_TYPES, pointer);
    contactList(body, "phones", "phone", PHONE_TYPES, pointer);
    contactList(body, "sharedPhones", "phone", PHONE_TYPES, pointer);
    contactList(body, "whatsapps", "phone", Set.of("mobile"), pointer);
    contactList(body, "externalIds", "externalId", null, pointer);
    contactList(body, "sharedExternalIds", "externalId", null, pointer);
    for (String name :
        new String[] {
          "socials", "sharedSocials", "urls", "locations", "facebookIds", "instagramIds"
        }) {
      JsonNode list = FieldChecks.array(body, name, 10, true, pointer);
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          FieldChecks.object(list.get(i), pointer + "/" + name + "/" + i);
        }
      }
    }
  }

  private static void contactList(
      JsonNode body, String name, String valueKey, Set<String> types, String pointer) {
    JsonNode list = FieldChecks.array(body, name, 10, true, pointer);
    if (list == null) {
      return;
    }
    Set<String> keys =
        valueKey.equals("externalId")
            ? Set.of("externalId", "verified")
            : Set.of(valueKey, "type", "verified");
    for (int i = 0; i < list.size(); i++) {
      String at = pointer + "/" + name + "/" + i;
      JsonNode item = list.get(i);
      FieldChecks.object(item, at);
      FieldChecks.onlyKeys(item, keys, at);
      FieldChecks.required(item, valueKey, at);
      FieldChecks.string(item, valueKey, 1, 255, false, at);
      FieldChecks.bool(item, "verified", at);
      if (types != null) {
        FieldChecks.enumeration(item, "type", types, at);
      }
    }
  }

  /**
   * KObject create (single or a bulk item). The {@code custom} object is checked by the store,
   * which knows the klass.
   */
  static void kobjectCreate(JsonNode body, String pointer, Set<String> extraKeys) {
    FieldChecks.object(body, pointer);
    FieldChecks.onlyKeys(body, union(KOBJECT_CREATE_KEYS, extraKeys), pointer);
    FieldChecks.required(body, "title", pointer);
    kobjectFields(body, pointer);
    FieldChecks.string(body, "customer", 1, 64, false, pointer);
    FieldChecks.string(body, "company", 1, 64, false, pointer);
    FieldChecks.string(body, "description", 0, 10240, false, pointer);
  }

  static void kobjectUpdate(JsonNode body, String pointer, Set<String> extraKeys) {
    FieldChecks.object(body, pointer);
    FieldChecks.onlyKeys(body, union(KOBJECT_UPDATE_KEYS, extraKeys), pointer);
    kobjectFields(body, pointer);
    FieldChecks.number(body, "rev", pointer);
  }

  private static void kobjectFields(JsonNode body, String pointer) {
    FieldChecks.string(body, "externalId", 1, 256, false, pointer);
    FieldChecks.string(body, "title", 1, 256, false, pointer);
    FieldChecks.string(body, "icon", 0, 64, false, pointer);
    FieldChecks.urls(body, "images", 20, pointer);
    FieldChecks.anyObject(body, "data", pointer);
    FieldChecks.tags(body, pointer);
    FieldChecks.dateTime(body, "createdAt", false, pointer);
    FieldChecks.dateTime(body, "importedAt", false, pointer);
  }

  static void klass(JsonNode body) {
    FieldChecks.object(body, "");
    FieldChecks.onlyKeys(body, KLASS_KEYS, "");
    FieldChecks.required(body, "name", "");
    FieldChecks.string(body, "name", 1, 255, false, "");
    if (!body.get("name").asText().matches("^[0-9a-zA-Z_-]+$")) {
      throw ApiException.badRequest("'name' may only hold letters, digits, _ and -", "/name");
    }
    FieldChecks.string(body, "displayName", 0, 255, false, "");
    FieldChecks.string(body, "icon", 0, 64, false, "");
    FieldChecks.string(body, "color", 0, 64, false, "");
    FieldChecks.enumeration(body, "klassSchema", Set.of("task"), "");
    FieldChecks.enumeration(body, "status", Set.of("enabled", "disabled"), "");
    JsonNode mixins = FieldChecks.array(body, "mixins", Integer.MAX_VALUE, false, "");
    if (mixins != null) {
      Set<String> allowed = Set.of("commentable", "assignable", "editable", "creatable");
      for (int i = 0; i < mixins.size(); i++) {
        if (!allowed.contains(mixins.get(i).asText(""))) {
          throw ApiException.badRequest("mixins must be one of " + allowed, "/mixins/" + i);
        }
      }
    }
  }

  static void metadata(JsonNode body) {
    FieldChecks.object(body, "");
    FieldChecks.onlyKeys(body, METADATA_KEYS, "");
    FieldChecks.anyObject(body, "standardProperties", "");
    FieldChecks.anyObject(body, "properties", "");
    FieldChecks.anyObject(body, "relationships", "");
    FieldChecks.array(body, "validations", 10, true, "");
    JsonNode properties = body.path("properties");
    if (properties.size() > 100) {
      throw ApiException.badRequest("'properties' must have at most 100 entries", "/properties");
    }
    JsonNode relationships = body.path("relationships");
    if (relationships.size() > 20) {
      throw ApiException.badRequest(
          "'relationships' must have at most 20 entries", "/relationships");
    }
    relationships
        .properties()
        .forEach(
            e -> {
              String at = "/relationships/" + e.getKey();
              if (!e.getKey().endsWith("Rel")) {
                throw ApiException.badRequest("relationship names must end in 'Rel'", at);
              }
              JsonNode def = e.getValue();
              FieldChecks.object(def, at);
              FieldChecks.required(def, "target", at);
              if (!def.get("target").asText("").matches("^kobject\\.[0-9a-zA-Z_-]+$")) {
                throw ApiException.badRequest(
                    "relationship target must be 'kobject.<klass name>'", at + "/target");
              }
              FieldChecks.bool(def, "multi", at);
              FieldChecks.string(def, "displayName", 0, 255, false, at);
            });
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
