package dev.kobjectingest.support;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets from configuration in text bound for a terminal or a log: the values of properties
 * whose names say they are secret, and the passwords inside a JAAS configuration (a client's error
 * can quote part of it).
 */
public final class Secrets {
  private static final Pattern SECRET_KEY =
      Pattern.compile("password|secret|jaas|token|credential|\\.key$");
  private static final Pattern JAAS_VALUE =
      Pattern.compile("(?:password|secret|token)\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  static final String HIDDEN = "[hidden]";

  private Secrets() {}

  public static String redact(String text, Map<String, String> properties) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (Map.Entry<String, String> e : properties.entrySet()) {
      String v = e.getValue();
      if (v == null || !SECRET_KEY.matcher(e.getKey().toLowerCase(Locale.ROOT)).find()) {
        continue;
      }
      Matcher m = JAAS_VALUE.matcher(v);
      while (m.find()) {
        out = hide(out, m.group(1));
      }
      out = hide(out, v);
    }
    return out;
  }

  private static String hide(String text, String secret) {
    // Short values would mask unrelated words; no real secret is that short.
    return secret.length() < 4 ? text : text.replace(secret, HIDDEN);
  }
}
