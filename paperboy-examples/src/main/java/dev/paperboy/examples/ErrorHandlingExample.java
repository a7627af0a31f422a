package dev.paperboy.examples;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retries, a dead-letter topic and an error listener. */
public final class ErrorHandlingExample {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandlingExample.class);

  private ErrorHandlingExample() {}

  /** Options that retry, then dead-letter, and tell the service about both. */
  public static EngineOptions options() {
    // tag::errors[]
    EngineOptions options =
        EngineOptions.builder()
            // 4 attempts, waiting 200 ms, 400 ms, 800 ms in between
            .retry(
                RetryPolicy.ofExponentialBackoff(
                        4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5))
                    // a record that fails validation fails again: no retry
                    .noRetryFor(IllegalArgumentException.class))
            // what still fails, and poison pills, go to <topic>.DLT
            .deadLetter(DeadLetterPolicy.defaults())
            .listener(
                new PaperboyListener() {
                  @Override
                  public void onDeadLettered(
                      List<? extends ConsumerRecord<?, ?>> records, String topic, Exception error) {
                    log.warn("{} record(s) dead-lettered to {}", records.size(), topic, error);
                  }

                  @Override
                  public void onPoisonPill(PoisonPill pill, boolean fatal) {
                    log.warn("unreadable record at {}@{}", pill.partition(), pill.offset());
                  }
                })
            .build();
    // end::errors[]
    return options;
  }
}
