package dev.paperboy.internal;

import dev.paperboy.Ordering;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a record of a {@link ConcurrentLane}'s partition is ordered by: records with equal keys go
 * one after the other in offset order, a record without one may run beside any other. Under {@link
 * Ordering#KEY} a record's key is its Kafka key, compared by value ({@code byte[]} by content);
 * keys whose class compares by identity all share one key, so their records keep partition order
 * among themselves. Under {@link Ordering#UNORDERED} no record has a key.
 *
 * <p>Immutable, and its per-class cache is safe from any thread; the poll thread uses it to spread
 * a poll's records over keys, holding no lock.
 */
final class OrderingKeys {
  /** Keys whose class compares by identity: their records keep partition order among themselves. */
  private static final Object IN_PARTITION_ORDER = new Object();

  private static final ClassValue<Boolean> COMPARES_BY_VALUE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
          } catch (NoSuchMethodException e) {
            return false;
          }
        }
      };

  private final Ordering ordering;

  /** The keys of {@link Ordering#KEY} or {@link Ordering#UNORDERED}. */
  OrderingKeys(Ordering ordering) {
    this.ordering = ordering;
  }

  /**
   * The key whose records must go in order, or null for a record that may run beside any other:
   * every record under {@link Ordering#UNORDERED}, and a record without a key.
   */
  Object keyOf(ConsumerRecord<?, ?> record) {
    Object key = record.key();
    if (ordering == Ordering.UNORDERED || key == null) {
      return null;
    }
    if (key instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    return COMPARES_BY_VALUE.get(key.getClass()) ? key : IN_PARTITION_ORDER;
  }
}
