package dev.paperboy.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The users a service knows, and the orders waiting for a user it does not know yet: the database a
 * real service would keep, in memory. Thread-safe, and atomic per user, so an order never waits for
 * a user who arrived meanwhile.
 *
 * <p>Kafka orders records within a partition, not across topics, so an order can overtake the
 * sign-up of its user (in bulk mode, a batch of orders may well be handled before the batch of
 * users it refers to). Such an order waits here and is settled by the user's next event: accepted
 * with a profile, rejected with a tombstone.
 */
final class UserTable {
  private final Map<String, Entry> users = new ConcurrentHashMap<>();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder acceptedAfterWaiting = new LongAdder();
  private final LongAdder acceptedCents = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicLong waiting = new AtomicLong();

  /** Stores the user's latest profile, or deletes the user for {@code null} (a tombstone). */
  void apply(String id, String profile) {
    users.compute(
        id,
        (key, entry) -> {
          if (entry != null && entry.waitingOrders() > 0) {
            settle(entry, profile != null);
          }
          return new Entry(profile, profile == null, 0, 0);
        });
  }

  /** Checks an order of {@code user} worth {@code cents}: accepts, rejects or lets it wait. */
  void placeOrder(String user, long cents) {
    users.compute(
        user,
        (key, entry) -> {
          if (entry == null || entry.isUnknown()) {
            waiting.incrementAndGet();
            return entry == null
                ? new Entry(null, false, 1, cents)
                : new Entry(null, false, entry.waitingOrders() + 1, entry.waitingCents() + cents);
          }
          if (entry.deleted()) {
            rejected.increment();
          } else {
            accepted.increment();
            acceptedCents.add(cents);
          }
          return entry;
        });
  }

  /** How the orders checked out so far. */
  Summary.OrderChecks orderChecks() {
    return new Summary.OrderChecks(
        accepted.sum(),
        acceptedAfterWaiting.sum(),
        rejected.sum(),
        waiting.get(),
        acceptedCents.sum());
  }

  /** Users with a profile now. */
  long known() {
    return users.values().stream().filter(e -> e.profile() != null).count();
  }

  /** Users deleted. */
  long deleted() {
    return users.values().stream().filter(Entry::deleted).count();
  }

  private void settle(Entry entry, boolean userExists) {
    waiting.addAndGet(-entry.waitingOrders());
    if (userExists) {
      accepted.add(entry.waitingOrders());
      acceptedAfterWaiting.add(entry.waitingOrders());
      acceptedCents.add(entry.waitingCents());
    } else {
      rejected.add(entry.waitingOrders());
    }
  }

  /** What the table holds for one user id. */
  private record Entry(String profile, boolean deleted, int waitingOrders, long waitingCents) {
    boolean isUnknown() {
      return profile == null && !deleted;
    }
  }
}
