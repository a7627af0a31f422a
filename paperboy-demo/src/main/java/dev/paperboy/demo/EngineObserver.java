package dev.paperboy.demo;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.PaperboyListener;
import dev.paperboy.table.TableStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's window into the engine: records table restores, mode switches and commits, and queues
 * a line for each event worth showing, which the {@link StatusReporter} prints. Only stores and
 * counts, as a {@link PaperboyListener} must: it is called on the engine's poll thread, and on a
 * table's reader and apply threads for the table's events.
 */
final class EngineObserver implements PaperboyListener {
  private static final Logger log = LoggerFactory.getLogger(EngineObserver.class);

  private final Clock clock;
  private final Instant start;
  private final List<Summary.ModeSwitch> switches = new CopyOnWriteArrayList<>();
  private final Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
  private final Map<String, Restore> restores = new ConcurrentHashMap<>();
  private final Queue<String> events = new ConcurrentLinkedQueue<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile Instant lastCommit;

  EngineObserver(Clock clock) {
    this.clock = clock;
    this.start = clock.instant();
  }

  @Override
  public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
    Instant now = clock.instant();
    switches.add(new Summary.ModeSwitch(Duration.between(start, now), from, to, lag));
    events.add(
        String.format(
            Locale.ROOT,
            "%s  mode %s -> %s at a lag of %,d records",
            StatusLine.time(now),
            from,
            to,
            lag));
  }

  @Override
  public void onTableRestored(TableStatus status, long durationMs) {
    restores.put(status.topic(), new Restore(status.restoredOffsets(), durationMs));
    events.add(
        String.format(
            Locale.ROOT,
            "%s  table %s restored: %,d offsets in %,d ms",
            StatusLine.time(clock.instant()),
            status.topic(),
            status.restoredOffsets(),
            durationMs));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      events.add(
          StatusLine.time(clock.instant())
              + "  joined the group: "
              + partitions.size()
              + " partitions assigned");
    }
  }

  @Override
  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
    lastCommit = clock.instant();
  }

  @Override
  public void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
    log.warn("A commit failed, the engine retries with the next one: {}", error.toString());
  }

  @Override
  public void onHandlingFailed(
      List<? extends ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
    failures.incrementAndGet();
    log.warn("Handling {} record(s) failed (fatal: {}): {}", records.size(), fatal, error);
  }

  /** The restore of the table of {@code topic}; zero offsets in 0 ms until it finished. */
  Restore restore(String topic) {
    return restores.getOrDefault(topic, new Restore(0, 0));
  }

  /** The mode switches so far, oldest first. */
  List<Summary.ModeSwitch> switches() {
    return List.copyOf(switches);
  }

  /** When the last commit was acknowledged, or {@code null} before the first. */
  Instant lastCommit() {
    return lastCommit;
  }

  /** The committed offsets of every partition committed so far, added up. */
  long committedTotal() {
    return committed.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The committed offsets of the partitions of {@code topic} committed so far, added up. */
  long committed(String topic) {
    return committed.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The next event line to show, or {@code null} when there is none. */
  String nextEvent() {
    return events.poll();
  }

  /** Handling failures so far. */
  long failures() {
    return failures.get();
  }

  /**
   * How a table's restore went.
   *
   * @param records records read before handlers started
   * @param millis how long it took
   */
  record Restore(long offsets, long millis) {}
}
