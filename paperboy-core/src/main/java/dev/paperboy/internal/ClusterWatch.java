package dev.paperboy.internal;

import dev.paperboy.PaperboyException;
import dev.paperboy.PaperboyListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a silent hang into a clear report, at start and for the engine's whole life. Every few
 * seconds it asks the cluster for its topics (a metadata request bounded to two seconds, on the
 * poll thread) and reports what is wrong: the cluster does not answer, refuses the request, or
 * topics do not exist. A problem is logged at ERROR once, and when it goes away at INFO; it can be
 * read from {@link #problem()} and reaches the listener's {@code onProblem}. With a startup
 * timeout, the engine gives up with a {@link PaperboyException} once the timeout passed without a
 * successful start (joined, every topic present); after that, problems are reported and the engine
 * keeps trying.
 *
 * <p>A check that times out while the consumer fetched records since the previous check is no
 * outage: the cluster answers the consumer, and the metadata request only waited (behind fetches,
 * on a busy machine). It leaves topic findings as they were and clears an unreachable cluster; the
 * next check without records reports it again. An answer that refuses (authorization, an unknown
 * error) is reported whatever the consumer fetched.
 *
 * <p>The check lists every topic: {@code partitionsFor} would answer the subscribed topics from the
 * consumer's metadata cache, so it would prove nothing about the cluster, and for a topic it does
 * not know it may create it ({@code allow.auto.create.topics}); describing only the engine's topics
 * needs an {@code Admin} client beside the consumer.
 *
 * <p>Only {@code bootstrap.servers} and {@code group.id} from the configuration ever appear in a
 * message: the rest may hold secrets.
 */
final class ClusterWatch {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);
  private static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final Consumer<?, ?> consumer;
  private final Set<String> topics;
  private final Set<String> deadLetterTopics;
  private final String bootstrapServers;
  private final String groupId;
  private final long startupTimeoutNanos;
  private final PaperboyListener listener;
  private final long startNanos;
  private final String unreachable;
  private long nextCheckNanos;
  private boolean fetchedSinceCheck;
  private boolean started;
  private boolean checkedSinceJoin;
  private volatile String problem;
  private volatile List<String> warnings = List.of();

  ClusterWatch(
      Consumer<?, ?> consumer,
      Set<String> topics,
      Set<String> deadLetterTopics,
      String bootstrapServers,
      String groupId,
      long startupTimeoutMs,
      PaperboyListener listener,
      long nowNanos) {
    this.consumer = consumer;
    this.topics = topics;
    this.deadLetterTopics = deadLetterTopics;
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
    this.startupTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(startupTimeoutMs);
    this.listener = listener;
    this.startNanos = nowNanos;
    this.nextCheckNanos = nowNanos;
    this.unreachable =
        "cannot reach the Kafka cluster at bootstrap.servers="
            + bootstrapServers
            + ": no answer within "
            + CHECK_TIMEOUT.toMillis()
            + " ms to a metadata request (TimeoutException of consumer.listTopics), and no"
            + " records fetched since the last check (check the address, the network and the"
            + " security settings)";
  }

  /** Why the engine is not consuming, if it knows; null when all is well. Any thread. */
  String problem() {
    return problem;
  }

  /**
   * Checks the cluster when a check is due, and the startup timeout while the engine has not
   * started; {@code fetched} says whether the poll just made returned records.
   *
   * @throws PaperboyException if the startup timeout passed without a successful start
   */
  void check(long nowNanos, boolean joined, boolean fetched) {
    fetchedSinceCheck |= fetched;
    if (started) {
      if (nowNanos - nextCheckNanos >= 0) {
        nextCheckNanos = nowNanos + CHECK_EVERY_NANOS;
        try {
          report(probe());
        } catch (WakeupException e) {
          // cut short: no finding either way; the next check comes
        }
      }
      return;
    }
    // A join is checked at once: waiting for the next due check could let the startup timeout
    // fail an engine that is already consuming.
    if (nowNanos - nextCheckNanos >= 0 || (joined && !checkedSinceJoin)) {
      nextCheckNanos = nowNanos + CHECK_EVERY_NANOS;
      String found;
      try {
        found = probe();
      } catch (WakeupException e) {
        return;
      }
      checkedSinceJoin = joined;
      report(found);
      if (joined && found == null) {
        started = true;
        return;
      }
    }
    if (startupTimeoutNanos > 0 && nowNanos - startNanos >= startupTimeoutNanos) {
      String why = problem != null ? problem : "it has not joined consumer group " + groupId;
      throw new PaperboyException(
          "the engine did not start within startupTimeoutMs="
              + TimeUnit.NANOSECONDS.toMillis(startupTimeoutNanos)
              + ": "
              + why);
    }
  }

  /**
   * Asks the cluster for its topics: the problem found, or null if none.
   *
   * <p>A wake-up and an interrupt are no findings: both extend {@link KafkaException}, and a
   * handler thread waking the poll thread while it waits for the answer (which happens all the time
   * under load) once made a "cannot read the topics: null" problem of a healthy engine.
   *
   * @throws WakeupException if a wake-up cut the request short
   * @throws InterruptException if the poll thread was interrupted: a request to stop
   */
  private String probe() {
    boolean fetched = fetchedSinceCheck;
    try {
      Map<String, List<PartitionInfo>> known = consumer.listTopics(CHECK_TIMEOUT);
      fetchedSinceCheck = false;
      checkDeadLetterTopics(known);
      return missingTopics(known);
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (TimeoutException e) {
      fetchedSinceCheck = false;
      if (!fetched) {
        return unreachable;
      }
      log.debug(
          "Paperboy engine: the cluster check got no answer within {} ms, but the consumer fetched"
              + " records since the last check: not an outage",
          CHECK_TIMEOUT.toMillis());
      return unreachable.equals(problem) ? null : problem;
    } catch (KafkaException e) {
      fetchedSinceCheck = false;
      return "cannot read the topics of the cluster at bootstrap.servers="
          + bootstrapServers
          + ": "
          + describe(e);
    }
  }

  /**
   * The class and message of {@code e} and of its causes: Kafka's exceptions may have no message.
   */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 1_000; t = t.getCause()) {
      if (t != e) {
        text.append(", caused by ");
      }
      text.append(t.getClass().getSimpleName());
      String message = t.getMessage();
      Throwable cause = t.getCause();
      // KafkaException(cause) copies the cause's toString() as its message: said once is enough.
      if (message != null && (cause == null || !message.equals(cause.toString()))) {
        text.append(": ").append(message);
      }
    }
    return text.toString();
  }

  /** What the cluster check found worth a warning (missing dead-letter topics). Any thread. */
  List<String> warnings() {
    return warnings;
  }

  /**
   * Warns once when dead-letter topics do not exist: on a cluster that does not create topics on
   * first write, the first record that fails for good would wait for the topic's metadata up to the
   * producer's {@code max.block.ms} and then fail.
   */
  private void checkDeadLetterTopics(Map<String, List<PartitionInfo>> known) {
    List<String> missing = new ArrayList<>();
    for (String topic : deadLetterTopics) {
      if (!known.containsKey(topic)) {
        missing.add(topic);
      }
    }
    List<String> found =
        missing.isEmpty()
            ? List.of()
            : List.of(
                "dead-letter topics "
                    + missing
                    + " do not exist on the cluster at bootstrap.servers="
                    + bootstrapServers
                    + ": create them, unless the cluster creates topics on first write; until"
                    + " then a record that fails for good waits up to the dead-letter producer's"
                    + " max.block.ms for the topic, then stops the engine (failOnException(true))"
                    + " or is retried");
    if (!found.equals(warnings)) {
      warnings = found;
      found.forEach(w -> log.warn("Paperboy engine: {}", w));
    }
  }

  private String missingTopics(Map<String, List<PartitionInfo>> known) {
    List<String> missing = new ArrayList<>();
    for (String topic : topics) {
      if (!known.containsKey(topic)) {
        missing.add(topic);
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    return "topics "
        + missing
        + " do not exist on the cluster at bootstrap.servers="
        + bootstrapServers
        + "; the engine consumes them once they are created";
  }

  private void report(String found) {
    if (Objects.equals(found, problem)) {
      return;
    }
    String previous = problem;
    problem = found;
    if (found != null) {
      log.error("Paperboy engine is not consuming: {}", found);
    } else {
      log.info("Paperboy engine problem resolved: {}", previous);
    }
    listener.onProblem(found);
  }
}
