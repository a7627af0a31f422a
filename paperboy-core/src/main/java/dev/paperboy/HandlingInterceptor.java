package dev.paperboy;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wraps every attempt at handling: one record (single mode, and the records of a failed batch
 * handled one by one) or one batch (bulk mode). {@link #begin} is called on the handler thread
 * right before the handler's hooks run, and {@link Scope#end} right after, on the same thread, so
 * what {@code begin} makes current (a tracing span, a logging context) is current while the handler
 * runs. Added with {@link PaperboyEngine#addInterceptor}; adapters such as tracing are built on it.
 *
 * <p>Must be fast and must not throw: what it throws is logged and otherwise ignored.
 */
public interface HandlingInterceptor {
  /**
   * An attempt begins. {@code records} are the records as consumed (before a typed handler's
   * deserialization); {@code batch} tells a batch attempt from a single record's; {@code attempt}
   * counts from 1.
   */
  Scope begin(List<? extends ConsumerRecord<?, ?>> records, boolean batch, int attempt);

  /** What one attempt opened; ended once, on the thread that began it. */
  interface Scope {
    /** A scope that does nothing. */
    Scope NONE = error -> {};

    /** The attempt ended: {@code error} is what it failed with, or null when it succeeded. */
    void end(Exception error);
  }
}
