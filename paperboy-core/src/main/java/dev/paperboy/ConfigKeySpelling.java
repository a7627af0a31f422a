package dev.paperboy;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Tells whether an unknown configuration key looks like a misspelling of a known one. Kafka accepts
 * any key silently (plugins such as a schema registry's deserializer read keys of their own), so a
 * typo like {@code auto.offset.rest} simply has no effect. A key is taken for a misspelling only
 * when it is not known itself and lies within a small edit distance of a known key: one edit for
 * keys of up to ten characters, two for longer ones, where an edit inserts, deletes or replaces a
 * character or swaps two adjacent ones, and case does not count. Plugin keys are far from every
 * consumer key, so they are left alone.
 */
final class ConfigKeySpelling {
  /** The consumer's keys, sorted so that a tie between suggestions always goes the same way. */
  static final SortedSet<String> CONSUMER_KEYS = new TreeSet<>(ConsumerConfig.configNames());

  private static final int SHORT_KEY_LENGTH = 10;

  private ConfigKeySpelling() {}

  /**
   * The known key {@code key} is most likely a misspelling of, or empty when {@code key} is known
   * or not close to any known key.
   */
  static Optional<String> suggestion(String key, Set<String> known) {
    if (known.contains(key)) {
      return Optional.empty();
    }
    int allowed = key.length() <= SHORT_KEY_LENGTH ? 1 : 2;
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      if (Math.abs(candidate.length() - key.length()) > allowed) {
        continue;
      }
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d <= allowed && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The edit distance of {@code a} and {@code b}: insertions, deletions, replacements and swaps of
   * adjacent characters (optimal string alignment).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
