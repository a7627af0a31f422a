package dev.paperboy.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with one counter per value of one tag ({@code topic}, or the mode switched to),
 * each registered on first use and then looked up without a lock. Without a tag key there is one
 * counter, tagged with the engine only.
 */
final class TaggedCounters {
  private static final String UNTAGGED = "";

  private final EngineMeters meters;
  private final String name;
  private final String description;
  private final String tagKey;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  TaggedCounters(EngineMeters meters, String name, String description, String tagKey) {
    this.meters = meters;
    this.name = name;
    this.description = description;
    this.tagKey = tagKey;
  }

  /** Adds {@code amount} to the counter of {@code tagValue} (ignored without a tag key). */
  void increment(String tagValue, double amount) {
    Counter counter = counter(tagValue);
    if (counter != null && amount > 0) {
      counter.increment(amount);
    }
  }

  /** Registers the counter of {@code tagValue} at 0, so it reads 0 before the first event. */
  void touch(String tagValue) {
    counter(tagValue);
  }

  private Counter counter(String tagValue) {
    if (!meters.named()) {
      return null;
    }
    String key = tagKey == null || tagValue == null ? UNTAGGED : tagValue;
    Counter counter = counters.get(key);
    if (counter == null) {
      Tags tags = tagKey == null ? Tags.empty() : Tags.of(tagKey, key);
      counter = counters.computeIfAbsent(key, k -> meters.counter(name, description, tags));
    }
    return counter;
  }
}
