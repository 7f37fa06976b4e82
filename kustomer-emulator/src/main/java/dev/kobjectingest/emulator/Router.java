package dev.kobjectingest.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches {@code METHOD /v1/...} against route templates such as {@code
 * /v1/customers/email={email}}. The first route that matches wins, so literal routes ({@code
 * /bulk}) are registered before parameter routes ({@code /{id}}). A {@code {param}} segment never
 * matches a segment holding {@code =}, which keeps {@code /customers/{id}} from swallowing {@code
 * /customers/email=...}.
 */
final class Router {
  /** Handles one matched request. */
  interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  record Route(String method, String template, List<String> segments, Handler handler) {}

  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, List.of(split(template)), handler));
  }

  /** The route for this method and raw path, or null. */
  Match match(String method, String rawPath) {
    String[] actual = split(rawPath);
    for (Route route : routes) {
      if (!route.method.equals(method) || route.segments.size() != actual.length) {
        continue;
      }
      Map<String, String> params = matchSegments(route.segments, actual);
      if (params != null) {
        return new Match(route, params);
      }
    }
    return null;
  }

  /** Whether any route has this path under another method (405 rather than 404). */
  boolean pathExists(String rawPath) {
    String[] actual = split(rawPath);
    for (Route route : routes) {
      if (route.segments.size() == actual.length && matchSegments(route.segments, actual) != null) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> matchSegments(List<String> template, String[] actual) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < actual.length; i++) {
      String t = template.get(i);
      String a = actual[i];
      int brace = t.indexOf('{');
      if (brace < 0) {
        if (!t.equals(a)) {
          return null;
        }
      } else if (brace == 0) {
        if (a.isEmpty() || a.contains("=")) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), decode(a));
      } else {
        String prefix = t.substring(0, brace);
        if (!a.startsWith(prefix) || a.length() == prefix.length()) {
          return null;
        }
        params.put(t.substring(brace + 1, t.length() - 1), decode(a.substring(prefix.length())));
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.split("/", -1);
  }

  /** Percent-decoding of a path segment; a literal {@code +} stays a plus (E.164 phones). */
  static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
