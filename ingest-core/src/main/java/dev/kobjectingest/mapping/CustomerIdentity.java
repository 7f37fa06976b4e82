package dev.kobjectingest.mapping;

/**
 * Who an order belongs to. The {@link #key()} (externalId, else email, else phone) keys customer
 * commands and the learned customer ids, so one identity is only ever created by one writer.
 */
public record CustomerIdentity(String externalId, String email, String phone, String name) {
  public String key() {
    if (externalId != null) {
      return "externalId:" + externalId;
    }
    if (email != null) {
      return "email:" + email;
    }
    return "phone:" + phone;
  }
}
