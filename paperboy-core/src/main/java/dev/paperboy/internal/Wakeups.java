package dev.paperboy.internal;

import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Blocking consumer calls made outside {@code poll}, safe against {@code consumer.wakeup()}.
 *
 * <p>Handler threads and {@code stop()} call {@code wakeup()} to get the poll thread out of {@code
 * poll} promptly. If the poll thread is in another blocking call at that moment (a commit before a
 * revocation, the end offsets of a step), that call throws {@link WakeupException} instead: it is
 * simply made again, since a wake-up only ever means "look at your state", never "give up".
 */
final class Wakeups {
  private Wakeups() {}

  static <T> T retrying(Supplier<T> call) {
    while (true) {
      try {
        return call.get();
      } catch (WakeupException e) {
        // The wake-up is consumed by this exception; the call is repeated.
      }
    }
  }

  static void retrying(Runnable call) {
    retrying(
        () -> {
          call.run();
          return null;
        });
  }
}
