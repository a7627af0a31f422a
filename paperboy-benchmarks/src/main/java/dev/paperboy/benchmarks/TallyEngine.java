package dev.paperboy.benchmarks;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** A byte[] engine with one {@link TallyHandler}, configured like the raw loop's consumer. */
final class TallyEngine extends PaperboyEngine<byte[], byte[]> {
  private final Map<String, Object> config;
  private final TallyHandler handler;

  TallyEngine(EngineOptions options, Map<String, Object> config, TallyHandler handler) {
    super(options);
    this.config = config;
    this.handler = handler;
  }

  @Override
  protected List<? extends PaperboyHandler<byte[], byte[]>> handlers() {
    return List.of(handler);
  }

  @Override
  protected Map<String, Object> configureConsumer() {
    return config;
  }

  @Override
  protected Consumer<byte[], byte[]> createConsumer(Map<String, Object> config) {
    return ConsumerStats.wrap(super.createConsumer(config));
  }
}
