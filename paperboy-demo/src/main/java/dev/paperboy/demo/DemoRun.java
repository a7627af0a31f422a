package dev.paperboy.demo;

import dev.paperboy.health.HealthServer;
import dev.paperboy.micrometer.PaperboyMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the demo, without the command line around it: starts an embedded broker (or uses the
 * given cluster), creates the topics, produces a backlog of user and order events, then lets a
 * Paperboy engine restore the users table and consume the orders while a live trickle keeps coming,
 * until the duration is over or {@link #stop()} is called. Prints its progress and a status line to
 * the given stream and returns a {@link Summary}.
 *
 * <p>The stop is graceful: the live producer stops first, the engine gets a few seconds to handle
 * what is left, then it is closed, which commits what was handled. So the summary of a normal run
 * shows every produced order handled and committed exactly once, and every accepted order in the
 * totals and sent as an event.
 */
public final class DemoRun {
  private static final Logger log = LoggerFactory.getLogger(DemoRun.class);
  private static final long SEED = 20_240_917L;
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  private static final long DRAIN_POLL_MS = 50;

  private final DemoOptions options;
  private final PrintStream out;
  private final boolean interactive;
  private final Clock clock = Clock.systemDefaultZone();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicReference<RuntimeException> engineFailure = new AtomicReference<>();
  private volatile long startNanos;
  private volatile DemoProducer producer;
  private volatile Consumption consumption;
  private BiConsumer<Cluster, Topics> beforeCleanup = (cluster, topics) -> {};

  /**
   * A run with {@code options}, printing to {@code out}; {@code interactive} redraws the status
   * line in place (for a terminal) instead of printing a line per second.
   */
  public DemoRun(DemoOptions options, PrintStream out, boolean interactive) {
    this.options = options;
    this.out = out;
    this.interactive = interactive;
  }

  /**
   * Lets a test look at the cluster after the engine closed, before the run deletes its topics or
   * stops its broker.
   */
  DemoRun beforeCleanup(BiConsumer<Cluster, Topics> inspection) {
    this.beforeCleanup = inspection;
    return this;
  }

  /**
   * Runs the demo and returns its summary, after everything it started is stopped.
   *
   * @throws IllegalStateException if the cluster cannot be reached or the engine failed
   */
  public Summary run() {
    startNanos = System.nanoTime();
    out.println(
        "Paperboy demo: a users table restored, then a backlog of orders consumed in bulk, then"
            + " live records one by one.");
    try (Cluster cluster = openCluster()) {
      Topics topics =
          cluster.isEmbedded()
              ? Topics.plain(options.partitions())
              : Topics.unique(options.partitions());
      cluster.createTopics(topics);
      say(
          "Topics: %s (compacted, the users table) and %s in; %s (the totals' changelog) and %s"
              + " out; %d partitions each",
          topics.users(),
          topics.orders(),
          topics.userTotals(),
          topics.ordersAccepted(),
          topics.partitions());
      try (DemoProducer created =
          new DemoProducer(cluster.bootstrapServers(), new StreamGenerator(topics, SEED), topics)) {
        producer = created;
        produceBacklog(topics);
        Consumption running =
            new Consumption(topics, cluster.bootstrapServers(), options.bulkModeThreshold(), clock);
        consumption = running;
        consume(cluster, running);
        Map<TopicPartition, Long> committed = cluster.committedOffsets(running.group);
        beforeCleanup.accept(cluster, topics);
        RuntimeException failure = engineFailure.get();
        if (failure != null) {
          throw new IllegalStateException("the engine failed: " + failure.getMessage(), failure);
        }
        return running.summary(elapsed(), producer::produced, t -> Consumption.sumOf(committed, t));
      }
    }
  }

  /** Ends the run early, as Ctrl-C does; returns at once. Any thread, any number of times. */
  public void stop() {
    stopRequested.countDown();
  }

  /** The run's numbers so far; all zero before the engine started. */
  public Summary snapshot() {
    Consumption running = consumption;
    DemoProducer sending = producer;
    if (running == null || sending == null) {
      return new Summary(
          elapsed(),
          Duration.ZERO,
          List.of(),
          List.of(),
          new Summary.UsersTable(0, 0, 0),
          new Summary.OrderChecks(0, 0, 0, 0),
          Summary.UserTotals.NONE);
    }
    return running.summary(elapsed(), sending::produced, running.observer::committed);
  }

  private Cluster openCluster() {
    if (!options.embedded()) {
      say("Using the cluster at %s", options.bootstrapServers());
      return Cluster.existing(options.bootstrapServers());
    }
    long start = System.nanoTime();
    out.print("Starting an embedded Kafka broker ... ");
    out.flush();
    Cluster cluster = Cluster.embedded();
    say("ready at %s in %.1f s", cluster.bootstrapServers(), secondsSince(start));
    return cluster;
  }

  private void produceBacklog(Topics topics) {
    long start = System.nanoTime();
    out.printf(Locale.ROOT, "Producing a backlog of %,d records ... ", options.backlogRecords());
    out.flush();
    producer.produceBacklog(options.backlogRecords(), () -> stopRequested.getCount() == 0);
    say(
        "%,d user events and %,d orders in %.1f s",
        producer.produced(topics.users()), producer.produced(topics.orders()), secondsSince(start));
  }

  private void consume(Cluster cluster, Consumption running) {
    LagProbe lag =
        new LagProbe(cluster.admin(), running.topics.orderPartitions(), running::handledPosition);
    Thread engineThread = new Thread(() -> runEngine(running), "paperboy-engine");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PaperboyMetrics.builder().engineName("demo").monitor(running.engine, registry);
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, 0);
        HealthServer health =
            HealthServer.builder()
                .host("127.0.0.1")
                .port(0)
                .engine(running.engine)
                .stallTimeout(Duration.ofSeconds(30))
                .start();
        StatusReporter reporter =
            new StatusReporter(
                out, interactive, () -> running.statusLine(lag.lag()), running.observer)) {
      say(
          "Health: http://127.0.0.1:%d/health (also /health/live, /ready, /started)",
          health.port());
      say("Metrics: %s (Prometheus)", endpoint.url());
      say(
          "Engine: group %s, bulk mode while the lag is above %,d records; commits at most every"
              + " %d s, each order once its writes are acknowledged (producer linger.ms=%d)",
          running.group,
          options.bulkModeThreshold(),
          Consumption.COMMIT_INTERVAL.toSeconds(),
          DemoEngine.PRODUCER_LINGER_MS);
      say(
          "Live: %d records/s. Stops after %s, or on Ctrl-C.",
          options.liveRecordsPerSecond(), describe(options.duration()));
      engineThread.start();
      producer.startLive(options.liveRecordsPerSecond());
      reporter.start(interactive ? Duration.ofMillis(500) : Duration.ofSeconds(1));
      awaitStop();
      reporter.println("Stopping: live producer first, then the engine once it has caught up");
      producer.stopLive();
      drain(lag);
      running.readTables();
      running.engine.close();
      running.stopped();
      joinQuietly(engineThread);
    }
    say("Engine closed: final commit done, consumer closed.");
  }

  private void runEngine(Consumption running) {
    try {
      running.engine.start();
    } catch (RuntimeException e) {
      engineFailure.set(e);
      log.warn("The engine stopped with an error: {}", e.toString());
    } finally {
      stop();
    }
  }

  private void awaitStop() {
    try {
      stopRequested.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits, boundedly, until the handlers reached the end of every partition. */
  private void drain(LagProbe lag) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (engineFailure.get() == null && lag.lag() != 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(DRAIN_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Duration elapsed() {
    return startNanos == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void say(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
