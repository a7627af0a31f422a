package dev.paperboy.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Makes a plausible event stream, the same for the same seed: about a third user profile events
 * (sign-ups, profile updates and, now and then, a deletion written as a tombstone), the rest orders
 * placed by users who signed up before. One order in a hundred comes from a user who was deleted
 * already, so the order handler has something to reject.
 *
 * <p>Users are keyed by user id; orders too, so the orders of one user stay in order. Values are
 * small JSON documents built by hand.
 */
final class StreamGenerator {
  private static final String[] FIRST = {
    "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Leslie"
  };
  private static final String[] LAST = {
    "Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson"
  };
  private static final String[] COUNTRIES = {"DE", "FR", "NL", "SE", "PL", "ES", "IT", "PT"};
  private static final int MIN_USERS = 50;

  private final Topics topics;
  private final Random random;
  private final List<String> liveUsers = new ArrayList<>();
  private final List<String> deletedUsers = new ArrayList<>();
  private int nextUser;
  private long nextOrder;

  StreamGenerator(Topics topics, long seed) {
    this.topics = topics;
    this.random = new Random(seed);
  }

  /** The next event: a user profile event or an order. */
  synchronized ProducerRecord<String, String> next() {
    if (liveUsers.size() < MIN_USERS || random.nextInt(3) == 0) {
      return userEvent();
    }
    return order();
  }

  private ProducerRecord<String, String> userEvent() {
    int dice = random.nextInt(100);
    if (liveUsers.size() < MIN_USERS || dice < 35) {
      String id = String.format(Locale.ROOT, "u-%06d", nextUser++);
      liveUsers.add(id);
      return new ProducerRecord<>(topics.users(), id, profile(id));
    }
    int index = random.nextInt(liveUsers.size());
    String id = liveUsers.get(index);
    if (dice < 40) {
      liveUsers.set(index, liveUsers.get(liveUsers.size() - 1));
      liveUsers.remove(liveUsers.size() - 1);
      deletedUsers.add(id);
      return new ProducerRecord<>(topics.users(), id, null);
    }
    return new ProducerRecord<>(topics.users(), id, profile(id));
  }

  private ProducerRecord<String, String> order() {
    boolean late = !deletedUsers.isEmpty() && random.nextInt(100) == 0;
    List<String> from = late ? deletedUsers : liveUsers;
    String user = from.get(random.nextInt(from.size()));
    String value =
        String.format(
            Locale.ROOT,
            "{\"order\":\"o-%08d\",\"user\":\"%s\",\"amountCents\":%d,\"currency\":\"EUR\"}",
            nextOrder++,
            user,
            199 + random.nextInt(25_000));
    return new ProducerRecord<>(topics.orders(), user, value);
  }

  private String profile(String id) {
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    return String.format(
        Locale.ROOT,
        "{\"id\":\"%s\",\"name\":\"%s %s\",\"email\":\"%s.%s@example.com\",\"country\":\"%s\"}",
        id,
        first,
        last,
        first.toLowerCase(Locale.ROOT),
        id,
        COUNTRIES[random.nextInt(COUNTRIES.length)]);
  }
}
