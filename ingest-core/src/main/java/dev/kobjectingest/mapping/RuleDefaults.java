package dev.kobjectingest.mapping;

/**
 * What the configuration says for every rule that does not say otherwise.
 *
 * @param phoneRegion the region of phone numbers written without a country code ({@code US}), or
 *     null for none (configuration key {@code rules.phone-region})
 */
public record RuleDefaults(String phoneRegion) {
  public static RuleDefaults none() {
    return new RuleDefaults(null);
  }
}
