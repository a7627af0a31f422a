package dev.paperboy.benchmarks;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.CommitMode;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelEoSStreamProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The Confluent Parallel Consumer peer: one {@code KafkaConsumer}, records handled in parallel in
 * key order ({@link ProcessingOrder#KEY}: records of one key one after the other, of different keys
 * at once; records without a key are one key per partition), at most {@code bench.inFlight} records
 * at once, the same concurrency as Paperboy's {@code key} variant. Commits asynchronously every 5 s
 * ({@link CommitMode#PERIODIC_CONSUMER_ASYNCHRONOUS}), like the raw loop and Paperboy's single
 * mode.
 */
final class ParallelConsumerRun {

  private ParallelConsumerRun() {}

  /**
   * Consumes {@code topic} with at most {@code concurrency} records in handling at once until
   * {@code tally} is complete; throws if the consumer fails or past {@code deadlineNanos}.
   */
  static void run(
      Map<String, Object> config, String topic, int concurrency, Tally tally, long deadlineNanos) {
    ParallelConsumerOptions<byte[], byte[]> options =
        ParallelConsumerOptions.<byte[], byte[]>builder()
            .consumer(ConsumerStats.wrap(new KafkaConsumer<>(config)))
            // The check reads KafkaConsumer internals by reflection; a ConsumerStats wrapper hides
            // them. Auto-commit is off in every variant's configuration anyway.
            .ignoreReflectiveAccessExceptionsForAutoCommitDisabledCheck(ConsumerStats.enabled())
            .ordering(ProcessingOrder.KEY)
            .maxConcurrency(concurrency)
            .commitMode(CommitMode.PERIODIC_CONSUMER_ASYNCHRONOUS)
            .commitInterval(Duration.ofMillis(RawLoop.COMMIT_INTERVAL_MS))
            .build();
    ParallelEoSStreamProcessor<byte[], byte[]> consumer = new ParallelEoSStreamProcessor<>(options);
    try {
      consumer.subscribe(List.of(topic));
      consumer.poll(context -> tally.add(context.value()));
      VariantRunner.awaitCompletion(
          "the parallel consumer",
          tally,
          deadlineNanos,
          () -> !consumer.isClosedOrFailed(),
          consumer::getFailureCause);
    } finally {
      consumer.close();
    }
  }
}
