package dev.paperboy.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way people type it: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a
 * bare number of seconds ({@code 45}), or ISO-8601 ({@code PT1M30S}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** The duration {@code text} stands for; throws {@link TypeConversionException} if none. */
  static Duration parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(value);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
          case "ms":
            return Duration.ofMillis(amount);
          case "m":
            return Duration.ofMinutes(amount);
          case "h":
            return Duration.ofHours(amount);
          default:
            return Duration.ofSeconds(amount);
        }
      }
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      // Falls through to the one error message below.
    }
    throw new TypeConversionException(
        "'" + text + "' is not a duration: try 30s, 500ms, 2m, 1h, 45 (seconds) or PT1M30S");
  }
}
