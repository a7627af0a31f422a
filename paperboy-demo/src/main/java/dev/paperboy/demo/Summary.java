package dev.paperboy.demo;

import dev.paperboy.ConsumptionMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a demo run did: the users table's restore, the orders produced, handled and committed, the
 * engine's mode switches, how the orders checked out and what the order handler wrote. {@link
 * DemoRun#run()} returns it at the end; {@link DemoRun#snapshot()} gives one while the demo runs.
 *
 * @param elapsed from the start of the run (broker start included) to this summary
 * @param consuming how long the engine ran
 * @param topics one count per topic the handlers consume (the orders)
 * @param modeSwitches the engine's mode switches, oldest first
 * @param users the users table
 * @param orders how the orders checked out
 * @param totals the per-user totals, read from the state table before the engine closed; {@link
 *     UserTotals#NONE} until then
 */
public record Summary(
    Duration elapsed,
    Duration consuming,
    List<TopicCount> topics,
    List<ModeSwitch> modeSwitches,
    UsersTable users,
    OrderChecks orders,
    UserTotals totals) {

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
        "  users table: %,d offsets restored in %,d ms, before the first order; %,d users at the end",
        users.restoredOffsets(),
        users.restoreMillis(),
        users.size());
    line(
        s,
        "  orders: %,d accepted (%,.2f EUR), %,d rejected (user deleted or unknown)",
        orders.accepted(),
        orders.acceptedCents() / 100.0,
        orders.rejected());
    line(s, "  events: %,d order-accepted sent and acknowledged", orders.eventsSent());
    line(
        s,
        "  user totals (state table): %,d users, %,.2f EUR; highest: %s",
        totals.users(),
        totals.cents() / 100.0,
        highest());
    return s.toString();
  }

  private String highest() {
    if (totals.highest().isEmpty()) {
      return "none";
    }
    return totals.highest().stream()
        .map(t -> String.format(Locale.ROOT, "%s %,.2f EUR", t.user(), t.cents() / 100.0))
        .collect(Collectors.joining(", "));
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
   * The users table, a view of the users topic.
   *
   * @param restoredOffsets offsets its restore read before the first order was handled
   * @param restoreMillis how long the restore took
   * @param size users in the table when the engine closed (or now, while it runs)
   */
  public record UsersTable(long restoredOffsets, long restoreMillis, long size) {}

  /**
   * How the orders checked out against the users table.
   *
   * @param accepted orders of users in the table, each booked in the totals and sent as an event
   * @param rejected orders of users not in the table
   * @param acceptedCents the accepted orders' amounts, in cents
   * @param eventsSent order-accepted events the broker acknowledged
   */
  public record OrderChecks(long accepted, long rejected, long acceptedCents, long eventsSent) {

    /** Orders checked. */
    public long total() {
      return accepted + rejected;
    }
  }

  /**
   * The per-user totals of accepted orders, as the totals state table holds them.
   *
   * @param users users with a total
   * @param cents the totals added up, in cents
   * @param highest the highest totals, highest first
   */
  public record UserTotals(long users, long cents, List<UserTotal> highest) {
    /** Before the totals were read. */
    public static final UserTotals NONE = new UserTotals(0, 0, List.of());

    /** Copies the list. */
    public UserTotals {
      highest = List.copyOf(highest);
    }
  }

  /**
   * One user's total.
   *
   * @param user the user id
   * @param cents the amounts of the user's accepted orders added up, in cents
   */
  public record UserTotal(String user, long cents) {}
}
