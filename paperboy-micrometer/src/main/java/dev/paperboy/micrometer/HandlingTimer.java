package dev.paperboy.micrometer;

import dev.paperboy.HandlingInterceptor;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Times every handling attempt into {@code paperboy.handling}: one record (single mode, and the
 * records of a failed batch tried one by one) or one batch (bulk mode), tagged with its topic, its
 * {@code kind} ({@code record} or {@code batch}) and its {@code outcome} ({@code success} or {@code
 * error}). Each attempt of a retried record is timed on its own. The time is the registry clock's,
 * read on the handler thread right before and after the handler's hooks.
 */
final class HandlingTimer implements HandlingInterceptor {
  private final EngineMeters meters;
  private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

  HandlingTimer(EngineMeters meters) {
    this.meters = meters;
  }

  @Override
  public Scope begin(List<? extends ConsumerRecord<?, ?>> records, boolean batch, int attempt) {
    if (records.isEmpty() || !meters.named()) {
      return Scope.NONE;
    }
    String topic = records.get(0).topic();
    Clock clock = meters.clock();
    long start = clock.monotonicTime();
    return error -> {
      Timer timer = timer(new Key(topic, batch, error == null));
      if (timer != null) {
        timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
      }
    };
  }

  private Timer timer(Key key) {
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  meters.timer(
                      "paperboy.handling",
                      "One attempt at handling a record or a batch",
                      Tags.of(
                          "topic", k.topic(),
                          "kind", k.batch() ? "batch" : "record",
                          "outcome", k.success() ? "success" : "error")));
    }
    return timer;
  }

  private record Key(String topic, boolean batch, boolean success) {}
}
