package dev.paperboy.health;

import java.util.List;
import java.util.Map;

/**
 * Writes checks in MicroProfile Health's JSON shape: {@code {"status":"UP","checks":[{"name":..,
 * "status":..,"data":{..}}]}}. Values are strings, longs and booleans only ({@link HealthCheck}
 * makes sure), so this is all the JSON there is to write; strings are escaped per RFC 8259.
 */
final class HealthJson {
  private HealthJson() {}

  static String write(List<HealthCheck> checks) {
    StringBuilder out = new StringBuilder(128 + 256 * checks.size());
    out.append("{\"status\":");
    string(out, HealthStatus.of(checks).name());
    out.append(",\"checks\":[");
    for (int i = 0; i < checks.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      check(out, checks.get(i));
    }
    return out.append("]}").toString();
  }

  private static void check(StringBuilder out, HealthCheck check) {
    out.append("{\"name\":");
    string(out, check.name());
    out.append(",\"status\":");
    string(out, check.status().name());
    out.append(",\"data\":{");
    boolean first = true;
    for (Map.Entry<String, Object> entry : check.data().entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, entry.getKey());
      out.append(':');
      Object value = entry.getValue();
      if (value instanceof String) {
        string(out, (String) value);
      } else {
        out.append(value); // a Long or a Boolean
      }
    }
    out.append("}}");
  }

  /** A JSON string: quotes, backslashes, control characters and lone surrogates escaped. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Whether the char at {@code i} is half of a surrogate pair without its other half. */
  private static boolean loneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
