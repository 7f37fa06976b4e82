package dev.kobjectingest.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks emails and phone numbers in text bound for logs, the way Kustomer masks them for agents: an
 * email keeps only its top-level domain ({@code *******.com}), a phone number its last four digits
 * ({@code *******5309}).
 */
public final class Pii {
  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.([A-Za-z]{2,})");
  private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d ().-]{5,}\\d");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Pii() {}

  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String noEmails = EMAIL.matcher(text).replaceAll("*******.$1");
    Matcher m = PHONE.matcher(noEmails);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String digits = m.group().replaceAll("[^0-9]", "");
      // Ten digits or more (a national number with its area code), and not a date such as
      // 2026-11-23.
      boolean phone = digits.length() >= 10 && !DATE.matcher(m.group()).find();
      String replacement = phone ? "*******" + digits.substring(digits.length() - 4) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
