package dev.paperboy.test;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A handling that failed for good in an {@link EngineHarness}: the records (one, or a batch), the
 * error, and whether it stopped the engine.
 */
public record HandlingFailure(List<ConsumerRecord<?, ?>> records, Exception error, boolean fatal) {
  /** The first record's offset. */
  public long offset() {
    return records.get(0).offset();
  }
}
