package dev.paperboy;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one hook most handlers need, as a lambda: handle one record. Made into a {@link
 * PaperboyHandler} by {@link PaperboyHandler#of(String, MessageHandler)}.
 */
@FunctionalInterface
public interface MessageHandler<K, V> {
  /**
   * Handles one record (tombstones included: check {@code msg.value() == null}).
   *
   * @throws Exception anything the handling failed with
   */
  void onMessage(ConsumerRecord<K, V> msg, Context ctx) throws Exception;
}
