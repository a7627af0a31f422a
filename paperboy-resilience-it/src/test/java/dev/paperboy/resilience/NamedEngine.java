package dev.paperboy.resilience;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An in-process engine with a name, on a thread of its own: its handler takes a fixed time per
 * record and adds every record it handled, with the engine's name and the time, to a shared log.
 */
final class NamedEngine extends PaperboyEngine<String, String> {
  private final String name;
  private final String topic;
  private final long delayNanos;
  private final Collection<Handling> log;
  private final Map<String, Object> config = new HashMap<>();
  private final AtomicInteger handled = new AtomicInteger();
  private final Events events;
  private ExecutorService thread;
  private Future<?> run;

  NamedEngine(
      String name,
      String bootstrap,
      String topic,
      String group,
      long delayMicros,
      EngineOptions options,
      Map<String, ?> extraConfig,
      Collection<Handling> log) {
    this(name, bootstrap, topic, group, delayMicros, options, extraConfig, log, new Events());
  }

  private NamedEngine(
      String name,
      String bootstrap,
      String topic,
      String group,
      long delayMicros,
      EngineOptions options,
      Map<String, ?> extraConfig,
      Collection<Handling> log,
      Events events) {
    super(options.toBuilder().shutdownHook(false).listener(events).build());
    this.events = events;
    this.name = name;
    this.topic = topic;
    this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
    this.log = log;
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.putAll(extraConfig);
  }

  @Override
  protected List<PaperboyHandler<String, String>> handlers() {
    return List.of(
        new PaperboyHandler<>() {
          @Override
          public String topic() {
            return topic;
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
            if (delayNanos > 0) {
              LockSupport.parkNanos(delayNanos);
            }
            RecordId record = new RecordId(msg.partition(), msg.offset());
            log.add(new Handling(name, record, System.currentTimeMillis()));
            handled.incrementAndGet();
          }
        });
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return config;
  }

  String name() {
    return name;
  }

  /** How many records this engine handled so far. */
  int handledCount() {
    return handled.get();
  }

  /** The rebalance events this engine saw, in order and timed: assigned, revoked or lost. */
  List<String> rebalances() {
    return List.copyOf(events.rebalances);
  }

  /** Starts the engine on a thread of its own; {@link #outcome()} tells how it ended. */
  NamedEngine startInBackground() {
    thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-" + name));
    run = thread.submit(this::start);
    return this;
  }

  /** Waits until {@code start()} returned; returns what it threw, or null. */
  Throwable outcome() throws InterruptedException {
    try {
      run.get(60, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      return e;
    } finally {
      thread.shutdown();
    }
  }

  /** The errors of the commits that failed, in order. */
  List<Exception> commitFailures() {
    return List.copyOf(events.commitFailures);
  }

  /** Notes the rebalance events and failed commits. */
  private static final class Events implements PaperboyListener {
    final List<String> rebalances = new CopyOnWriteArrayList<>();
    final List<Exception> commitFailures = new CopyOnWriteArrayList<>();

    @Override
    public void onCommitFailed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception error) {
      commitFailures.add(error);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      rebalances.add(now() + " assigned " + numbers(partitions));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      rebalances.add(now() + " revoked " + numbers(partitions));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      rebalances.add(now() + " lost " + numbers(partitions));
    }

    private static String now() {
      return LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
      return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }
  }
}
