package dev.kobjectingest.mapping;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;

/**
 * Phone numbers in E.164 ({@code +15125550100}), the form Kustomer's lookups take, read with
 * libphonenumber. A number written without a country code is read in the rule's default region
 * ({@code phoneRegion}); without one, only numbers written with {@code +} and a country code can be
 * read.
 *
 * <p>A number counts when libphonenumber can parse it and its length is possible for its country.
 * Validity (an assigned area code) is not required: that depends on the library's metadata at the
 * time, and a number that was fine yesterday must not drop out of an identity after an upgrade.
 */
public final class Phones {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_TEXT = 64;

  private Phones() {}

  /** The two-letter regions libphonenumber knows ({@code US}, {@code DE}, ...). */
  public static Set<String> regions() {
    return UTIL.getSupportedRegions();
  }

  /** Whether {@code region} is a region libphonenumber knows, ignoring case. */
  public static boolean isRegion(String region) {
    return region != null && UTIL.getSupportedRegions().contains(region.toUpperCase(Locale.ROOT));
  }

  /**
   * {@code raw} in E.164, or null when it cannot be read as a phone number ({@code region} may be
   * null: then only international numbers can be read).
   */
  public static String e164(String raw, String region) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_TEXT) {
      return null;
    }
    String r = region == null ? "ZZ" : region.toUpperCase(Locale.ROOT);
    try {
      PhoneNumber number = UTIL.parse(raw, r);
      if (!UTIL.isPossibleNumber(number)) {
        return null;
      }
      return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }
}
