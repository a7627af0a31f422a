package dev.paperboy.it;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A String/String engine for integration tests, started on a thread of its own. */
class StringEngine extends PaperboyEngine<String, String> {
  private final List<? extends PaperboyHandler<String, String>> handlers;
  private final List<List<? extends PaperboyHandler<String, String>>> steps;
  private final Map<String, Object> config;
  private final UnaryOperator<Consumer<String, String>> wrapper;
  private ExecutorService thread;
  private Future<?> run;

  StringEngine(
      String bootstrap,
      String group,
      EngineOptions options,
      List<? extends PaperboyHandler<String, String>> handlers) {
    this(bootstrap, group, options, handlers, List.of(), Map.of(), UnaryOperator.identity());
  }

  StringEngine(
      String bootstrap,
      String group,
      EngineOptions options,
      List<? extends PaperboyHandler<String, String>> handlers,
      List<List<? extends PaperboyHandler<String, String>>> steps,
      Map<String, Object> extraConfig,
      UnaryOperator<Consumer<String, String>> wrapper) {
    super(options.toBuilder().shutdownHook(false).build());
    this.handlers = handlers;
    this.steps = steps;
    this.wrapper = wrapper;
    this.config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.putAll(extraConfig);
  }

  @Override
  protected List<? extends PaperboyHandler<String, String>> handlers() {
    return handlers;
  }

  @Override
  protected List<List<? extends PaperboyHandler<String, String>>> steps() {
    return steps;
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return config;
  }

  @Override
  protected Consumer<String, String> createConsumer(Map<String, Object> config) {
    return wrapper.apply(super.createConsumer(config));
  }

  /** Starts the engine on a thread of its own; {@link #outcome()} tells how it ended. */
  StringEngine startInBackground() {
    thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "engine-" + handlers));
    run = thread.submit(this::start);
    return this;
  }

  /** Waits until {@code start()} returned; returns what it threw, or null. */
  Throwable outcome() throws InterruptedException {
    try {
      run.get();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } finally {
      thread.shutdown();
    }
  }

  /** Whether {@code start()} returned. */
  boolean finished() {
    return run.isDone();
  }
}
