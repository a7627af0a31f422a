package dev.paperboy.demo;

import dev.paperboy.ConsumptionMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a demo run did: records produced, handled and committed per topic, the engine's mode
 * switches, and what the handlers made of the records. {@link DemoRun#run()} returns it at the end;
 * {@link DemoRun#snapshot()} gives one while the demo runs.
 *
 * @param elapsed from the start of the run (broker start included) to this summary
 * @param consuming how long the engine ran
 * @param topics one count per topic, users first
 * @param modeSwitches the engine's mode switches, oldest first
 * @param users what the users handler did
 * @param orders how the orders checked out
 */
public record Summary(
    Duration elapsed,
    Duration consuming,
    List<TopicCount> topics,
    List<ModeSwitch> modeSwitches,
    UserStats users,
    OrderChecks orders) {

  /** Copies the lists. */
  public Summary {
    topics = List.copyOf(topics);
    modeSwitches = List.copyOf(modeSwitches);
  }

  /** The count of the topic named {@code topic}. */
  public TopicCount topic(String topic) {
    return topics.stream()
        .filter(t -> t.topic().equals(topic))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no topic " + topic + " in " + topics));
  }

  /** The summary as the demo prints it. */
  public String render() {
    StringBuilder s = new StringBuilder();
    line(
        s, "Summary after %.1f s (the engine consumed for %.1f s)", secs(elapsed), secs(consuming));
    line(
        s,
        "  %-28s %12s %12s %12s %12s",
        "topic",
        "produced",
        "handled",
        "redelivered",
        "committed");
    for (TopicCount t : topics) {
      line(
          s,
          "  %-28s %,12d %,12d %,12d %,12d",
          t.topic(),
          t.produced(),
          t.handled(),
          t.redelivered(),
          t.committed());
      if (t.skipped() > 0) {
        line(s, "  !! %,d offsets of %s were never handled", t.skipped(), t.topic());
      }
    }
    line(s, "  mode switches: %d", modeSwitches.size());
    for (ModeSwitch m : modeSwitches) {
      line(s, "    +%5.1f s  %s -> %s at a lag of %,d", secs(m.after()), m.from(), m.to(), m.lag());
    }
    line(
        s,
        "  users: %,d in the table, %,d deleted; %,d events one by one, %,d in %,d batches"
            + " collapsed to %,d writes",
        users.known(),
        users.deleted(),
        users.single(),
        users.batched(),
        users.batches(),
        users.batchWrites());
    line(
        s,
        "  orders: %,d accepted (%,.2f EUR; %,d had to wait for their user), %,d of deleted users"
            + " rejected, %,d still waiting",
        orders.accepted(),
        orders.acceptedCents() / 100.0,
        orders.acceptedAfterWaiting(),
        orders.rejected(),
        orders.waiting());
    return s.toString();
  }

  private static void line(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }

  private static double secs(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /**
   * The records of one topic.
   *
   * @param produced acknowledged by the broker
   * @param handled handled by the topic's handler, redeliveries included
   * @param redelivered handled more than once (a graceful stop redelivers nothing)
   * @param skipped offsets never handled although a later one of the same partition was
   * @param committed the group's committed offsets of the topic, added up (its partitions start at
   *     0, so this is the number of records committed)
   */
  public record TopicCount(
      String topic, long produced, long handled, long redelivered, long skipped, long committed) {}

  /**
   * One switch of the engine's mode.
   *
   * @param after time since the engine started
   * @param lag the lag that made the engine switch
   */
  public record ModeSwitch(Duration after, ConsumptionMode from, ConsumptionMode to, long lag) {}

  /**
   * What the users handler did.
   *
   * @param known users in the table at the end
   * @param deleted users deleted
   * @param single events handled one by one ({@code onMessage}, {@code onTombstone})
   * @param batches batches handled ({@code onBulk})
   * @param batched events handled in batches
   * @param batchWrites table writes the batches needed, after collapsing each batch per user
   */
  public record UserStats(
      long known, long deleted, long single, long batches, long batched, long batchWrites) {}

  /**
   * How the orders checked out against the user table.
   *
   * @param accepted orders of known users, waiting ones included once their user arrived
   * @param acceptedAfterWaiting orders that arrived before their user and were accepted later
   * @param rejected orders of deleted users
   * @param waiting orders still waiting for their user
   * @param acceptedCents the accepted orders' amounts, in cents
   */
  public record OrderChecks(
      long accepted, long acceptedAfterWaiting, long rejected, long waiting, long acceptedCents) {

    /** Orders checked. */
    public long total() {
      return accepted + rejected + waiting;
    }
  }
}
