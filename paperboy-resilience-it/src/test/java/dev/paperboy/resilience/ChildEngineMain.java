package dev.paperboy.it;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An engine in a JVM of its own, for tests that kill it. It appends {@code partition:offset} of
 * every handled record to a file and flushes the line before the handler returns, so the file is a
 * complete account of what was handled even after SIGKILL.
 *
 * <p>Arguments: bootstrap servers, topic, group, output file, commit interval in ms, handler delay
 * in microseconds.
 */
public final class ChildEngineMain {
  private ChildEngineMain() {}

  public static void main(String[] args) throws IOException {
    String bootstrap = args[0];
    String topic = args[1];
    String group = args[2];
    long commitIntervalMs = Long.parseLong(args[4]);
    long delayMicros = Long.parseLong(args[5]);
    try (OutputStream out = new FileOutputStream(args[3], true)) {
      PaperboyHandler<String, String> handler =
          new PaperboyHandler<>() {
            @Override
            public String topic() {
              return topic;
            }

            @Override
            public void onMessage(ConsumerRecord<String, String> msg, Context ctx)
                throws IOException {
              if (delayMicros > 0) {
                LockSupport.parkNanos(delayMicros * 1_000);
              }
              byte[] line =
                  (msg.partition() + ":" + msg.offset() + "\n").getBytes(StandardCharsets.UTF_8);
              synchronized (out) {
                out.write(line);
                out.flush();
              }
            }
          };
      PaperboyEngine<String, String> engine =
          new PaperboyEngine<>(
              EngineOptions.builder()
                  .commitIntervalMs(commitIntervalMs)
                  .bulkModeThreshold(null)
                  .build()) {
            @Override
            protected List<PaperboyHandler<String, String>> handlers() {
              return List.of(handler);
            }

            @Override
            protected Map<String, Object> configureConsumer() {
              return Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  group,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest",
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                  StringDeserializer.class,
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  StringDeserializer.class);
            }
          };
      engine.start();
    }
  }
}
