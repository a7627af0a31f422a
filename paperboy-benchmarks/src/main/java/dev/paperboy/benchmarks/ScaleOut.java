package dev.paperboy.benchmarks;

import dev.paperboy.test.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale-out benchmark ({@code bench.mode=scale-out}): engines in separate JVMs ({@link
 * ScaleOutMember}), one group, one topic of {@code bench.scalePartitions} (12) partitions fed by a
 * steady stream ({@link SteadyProducer}, {@code bench.scaleRate} 5,000 records/s). Three members
 * join and settle; after {@code bench.scaleSteadySeconds} a fourth joins; after as long again the
 * first leaves gracefully ({@code close()}); after as long again the stream stops, the rest drain
 * it and leave. Then every produced record must have been handled once: missing and duplicate
 * handlings are counted, not asserted. Per phase it reports the spread of partitions, how long the
 * group took to settle, and the pause in handling: the longest time in which no member handled a
 * record, and in which one partition saw none ({@link HandlingGaps}). Runs once per protocol of
 * {@code bench.scaleProtocols}: classic with the cooperative sticky assignor, and KIP-848's
 * consumer protocol.
 */
final class ScaleOut {
  private static final Logger log = LoggerFactory.getLogger(ScaleOut.class);
  static final int DEFAULT_PARTITIONS = 12;
  static final int DEFAULT_RATE = 5_000;
  static final int DEFAULT_STEADY_SECONDS = 10;
  static final int DEFAULT_SETTLE_TIMEOUT_SECONDS = 120;
  static final String DEFAULT_PROTOCOLS = "classic,consumer";
  static final String DEFAULT_JVM_ARGS = "-Xmx256m";

  /** The group counts as settled once no member's partitions changed for this long. */
  static final long QUIET_MILLIS = 2_000;

  /** What the benchmark is configured with ({@code bench.scale*} properties). */
  record Settings(
      int partitions,
      int rate,
      int valueBytes,
      Duration steady,
      Duration settleTimeout,
      List<Protocol> protocols,
      List<String> jvmArgs) {

    static Settings fromSystemProperties() {
      List<Protocol> protocols = new ArrayList<>();
      for (String id :
          BenchmarkConfig.property("bench.scaleProtocols", DEFAULT_PROTOCOLS).split(",")) {
        protocols.add(Protocol.of(id));
      }
      return new Settings(
          BenchmarkConfig.intProperty("bench.scalePartitions", DEFAULT_PARTITIONS),
          BenchmarkConfig.intProperty("bench.scaleRate", DEFAULT_RATE),
          BenchmarkConfig.intProperty("bench.valueBytes", BenchmarkConfig.DEFAULT_VALUE_BYTES),
          Duration.ofSeconds(
              BenchmarkConfig.intProperty("bench.scaleSteadySeconds", DEFAULT_STEADY_SECONDS)),
          Duration.ofSeconds(
              BenchmarkConfig.intProperty(
                  "bench.scaleSettleTimeoutSeconds", DEFAULT_SETTLE_TIMEOUT_SECONDS)),
          List.copyOf(protocols),
          BenchmarkConfig.listProperty("bench.scaleJvmArgs", DEFAULT_JVM_ARGS));
    }
  }

  /**
   * One phase of a run: the event (engines started, one joined, one asked to leave), when the group
   * settled after it and on which spread, and the window in which pauses are measured (micros).
   */
  record Phase(
      String name,
      String spread,
      long eventMicros,
      long settledMicros,
      long windowFromMicros,
      long windowToMicros,
      boolean baseline,
      long memberJoinedMicros) {}

  /** The result of one protocol's run, or why it failed. */
  record Outcome(
      Protocol protocol,
      long produced,
      long failedSends,
      HandlingGaps gaps,
      List<Phase> phases,
      String failure) {}

  private ScaleOut() {}

  static void main() throws Exception {
    Settings settings = Settings.fromSystemProperties();
    List<Outcome> outcomes = new ArrayList<>();
    try (Broker kafka = BrokerSetup.fromSystemProperties().start()) {
      for (Protocol protocol : settings.protocols()) {
        log.info("Scale-out with {}", protocol.description());
        outcomes.add(runProtocol(kafka, settings, protocol));
      }
    }
    System.out.println();
    System.out.println(ScaleOutTable.markdown(outcomes, settings, Machine.describe()));
    System.out.flush();
  }

  /** The consumer configuration of every member: byte[] keys and values, from the start. */
  static Map<String, Object> consumerConfig(
      String bootstrapServers, String group, Protocol protocol, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    protocol.configure(config);
    return config;
  }

  private static Outcome runProtocol(Broker kafka, Settings settings, Protocol protocol)
      throws InterruptedException {
    String topic = EmbeddedKafka.uniqueName("scale-" + protocol.id());
    String group = EmbeddedKafka.uniqueName("scale-group-" + protocol.id());
    kafka.createTopic(topic, settings.partitions());
    Assignments assignments = new Assignments();
    List<MemberProcess> members = new ArrayList<>();
    List<Phase> phases = new ArrayList<>();
    long timeout = settings.settleTimeout().toMillis();
    int partitions = settings.partitions();
    try (SteadyProducer producer =
        new SteadyProducer(
            kafka.bootstrapServers(), topic, partitions, settings.valueBytes(), settings.rate())) {
      producer.start();
      long started = 0;
      for (int i = 1; i <= 3; i++) {
        members.add(member("m" + i, settings, kafka, topic, group, protocol, assignments));
      }
      for (MemberProcess member : members) {
        started = Math.max(started, member.awaitStarting(timeout));
      }
      long settled = assignments.awaitSettled(3, partitions, QUIET_MILLIS, timeout);
      long quietSince = ScaleOutMember.nowMicros();
      String spread = assignments.spread();
      log.info("Three members settled: {}", spread);
      long joinRequested = steady(settings);
      phases.add(
          new Phase(
              "3 members (steady)", spread, started, settled, quietSince, joinRequested, true, -1));
      MemberProcess fourth = member("m4", settings, kafka, topic, group, protocol, assignments);
      members.add(fourth);
      long joinAt = fourth.awaitStarting(timeout);
      settled = assignments.awaitSettled(4, partitions, QUIET_MILLIS, timeout);
      spread = assignments.spread();
      log.info("A fourth member joined: {}", spread);
      long leaveAt = steady(settings);
      phases.add(
          new Phase(
              "m4 joins",
              spread,
              joinAt,
              settled,
              joinAt,
              leaveAt,
              false,
              assignments.firstReportMicros("m4")));
      members.get(0).leave();
      settled = assignments.awaitSettled(3, partitions, QUIET_MILLIS, timeout);
      spread = assignments.spread();
      log.info("The first member left: {}", spread);
      long endAt = steady(settings);
      phases.add(
          new Phase("m1 leaves (close())", spread, leaveAt, settled, leaveAt, endAt, false, -1));
      producer.stop();
      long produced = producer.sent();
      Set<Long> failedSends = producer.failed();
      awaitDrained(members, produced - failedSends.size(), timeout);
      List<long[]> handled = new ArrayList<>();
      for (MemberProcess member : members) {
        member.leave();
        handled.addAll(member.records());
      }
      return new Outcome(
          protocol,
          produced,
          produced - producer.acknowledged(),
          new HandlingGaps(handled, produced, failedSends),
          phases,
          failures(members));
    } catch (RuntimeException | java.io.IOException e) {
      log.warn("Scale-out with {} failed", protocol.id(), e);
      String failure = failures(members);
      return new Outcome(protocol, 0, 0, null, phases, e + (failure == null ? "" : "; " + failure));
    } finally {
      for (MemberProcess member : members) {
        if (member.isAlive()) {
          member.kill();
        }
      }
    }
  }

  private static MemberProcess member(
      String name,
      Settings settings,
      Broker kafka,
      String topic,
      String group,
      Protocol protocol,
      Assignments assignments)
      throws java.io.IOException {
    return MemberProcess.start(
        name, settings.jvmArgs(), kafka.bootstrapServers(), topic, group, protocol, assignments);
  }

  /** Lets the group run for the steady time; returns the time it ended (micros). */
  private static long steady(Settings settings) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(settings.steady().toMillis());
    return ScaleOutMember.nowMicros();
  }

  /** Waits until the members together handled every produced record (at most {@code timeout}). */
  private static void awaitDrained(List<MemberProcess> members, long produced, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (members.stream().mapToLong(MemberProcess::handled).sum() < produced) {
      if (System.nanoTime() - deadline > 0) {
        log.warn("The members did not handle all {} records in time; counting anyway", produced);
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static String failures(List<MemberProcess> members) {
    List<String> failures = new ArrayList<>();
    for (MemberProcess member : members) {
      if (member.failure() != null) {
        failures.add(member.name() + ": " + member.failure());
      }
    }
    return failures.isEmpty() ? null : String.join("; ", failures);
  }
}
