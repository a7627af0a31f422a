package dev.paperboy.resilience;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.Ordering;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import dev.paperboy.Sender;
import dev.paperboy.TypedSender;
import dev.paperboy.rocksdb.RocksDbStores;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An engine in a JVM of its own, for tests that kill it. It appends {@code partition:offset key} of
 * every handled record to a file ({@code -} for a null key) and writes the line before the handler
 * returns, so the file is a complete account of what was handled even after SIGKILL. Optionally it
 * appends every commit the group coordinator acknowledged ({@link PaperboyListener#onCommitted}) to
 * a second file, as {@code <records handled so far> <partition>:<next offset>[/<metadata>]...}.
 *
 * <p>Arguments are {@code name=value} pairs: {@code bootstrap}, {@code topic}, {@code group},
 * {@code handled} (file), optional {@code commits} (file), {@code commitIntervalMs}, {@code
 * delayMicros} (per record), optional {@code jitterMicros} (a further random 0 to that many per
 * record, so records handled side by side finish out of order), optional {@code bulkModeThreshold}
 * (absent: single mode throughout), optional {@code ordering} and {@code handlerThreads} (absent:
 * the engine's defaults), optional {@code forwardTo} (a topic each record's value is also sent to
 * through the engine's {@code Sender}, keyed {@code partition:offset}), {@code producer.<config>}
 * for its producer, {@code consumer.<config>} for further consumer configuration, and optional
 * {@code table} with {@code tableDirectory} (a RocksDB state table on that changelog the handler
 * writes, see {@link ChildEngine.Builder#stateTable}).
 */
public final class ChildEngineMain {
  private final OutputStream handled;
  private final OutputStream commits;
  private long handledCount;

  private ChildEngineMain(OutputStream handled, OutputStream commits) {
    this.handled = handled;
    this.commits = commits;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> arguments = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      arguments.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String commitsFile = arguments.get("commits");
    try (OutputStream handled = new FileOutputStream(arguments.get("handled"), true);
        OutputStream commits =
            commitsFile == null ? OutputStream.nullOutputStream() : append(commitsFile)) {
      new ChildEngineMain(handled, commits).run(arguments);
    }
  }

  private static OutputStream append(String file) throws IOException {
    return new FileOutputStream(file, true);
  }

  private void run(Map<String, String> arguments) {
    String topic = arguments.get("topic");
    long delayNanos = Long.parseLong(arguments.getOrDefault("delayMicros", "0")) * 1_000;
    long jitterNanos = Long.parseLong(arguments.getOrDefault("jitterMicros", "0")) * 1_000;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, arguments.get("bootstrap"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, arguments.get("group"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    arguments.forEach(
        (name, value) -> {
          if (name.startsWith("consumer.")) {
            config.put(name.substring("consumer.".length()), value);
          }
        });
    EngineOptions.Builder options =
        EngineOptions.builder()
            .commitIntervalMs(Long.parseLong(arguments.get("commitIntervalMs")))
            .bulkModeThreshold(
                arguments.containsKey("bulkModeThreshold")
                    ? Long.valueOf(arguments.get("bulkModeThreshold"))
                    : null)
            .listener(
                new PaperboyListener() {
                  @Override
                  public void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
                    committed(offsets);
                  }
                });
    if (arguments.containsKey("ordering")) {
      options.ordering(Ordering.valueOf(arguments.get("ordering")));
    }
    if (arguments.containsKey("handlerThreads")) {
      options.handlerThreads(Integer.parseInt(arguments.get("handlerThreads")));
    }
    String forwardTo = arguments.get("forwardTo");
    Sender sender = forwardTo == null ? null : Sender.create();
    TypedSender<String, String> out =
        sender == null ? null : sender.typed(new StringSerializer(), new StringSerializer());
    StateTable<String, String> table = stateTable(arguments);
    PaperboyHandler<String, String> handler =
        new PaperboyHandler<>() {
          @Override
          public String topic() {
            return topic;
          }

          @Override
          public void onMessage(ConsumerRecord<String, String> msg, Context ctx)
              throws IOException {
            long work =
                delayNanos
                    + (jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos + 1) : 0);
            if (work > 0) {
              LockSupport.parkNanos(work);
            }
            if (out != null) {
              out.send(forwardTo, msg.partition() + ":" + msg.offset(), msg.value());
            }
            if (table != null) {
              write(table, msg.value());
            }
            String key = msg.key() == null ? "-" : msg.key();
            handled(msg.partition() + ":" + msg.offset() + " " + key + "\n");
          }
        };
    new PaperboyEngine<String, String>(options.build()) {
      @Override
      protected List<PaperboyHandler<String, String>> handlers() {
        return List.of(handler);
      }

      @Override
      protected Map<String, Object> configureConsumer() {
        return config;
      }

      @Override
      protected List<? extends Table<?, ?>> tables() {
        return table == null ? List.of() : List.of(table);
      }

      @Override
      protected Sender sender() {
        return sender;
      }

      @Override
      protected Map<String, Object> configureProducer() {
        Map<String, Object> producer = new HashMap<>();
        arguments.forEach(
            (name, value) -> {
              if (name.startsWith("producer.")) {
                producer.put(name.substring("producer.".length()), value);
              }
            });
        return producer;
      }
    }.start();
  }

  private static StateTable<String, String> stateTable(Map<String, String> arguments) {
    String changelog = arguments.get("table");
    if (changelog == null) {
      return null;
    }
    return Table.builder(changelog, Serdes.String(), Serdes.String())
        .store(RocksDbStores.at(Path.of(arguments.get("tableDirectory"))))
        .buildStateTable();
  }

  private static void write(StateTable<String, String> table, String value) {
    int n = Integer.parseInt(value.substring("value-".length()));
    String key = "key-" + (n % 5_000);
    if (n % 13 == 0) {
      table.delete(key);
    } else {
      table.put(key, String.valueOf(n));
    }
  }

  private synchronized void handled(String line) throws IOException {
    handled.write(line.getBytes(StandardCharsets.UTF_8));
    handled.flush();
    handledCount++;
  }

  private synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    StringBuilder line = new StringBuilder().append(handledCount);
    Map<Integer, OffsetAndMetadata> sorted = new TreeMap<>();
    offsets.forEach((tp, om) -> sorted.put(tp.partition(), om));
    sorted.forEach(
        (partition, om) -> {
          line.append(' ').append(partition).append(':').append(om.offset());
          if (!om.metadata().isEmpty()) {
            line.append('/').append(om.metadata());
          }
        });
    try {
      commits.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      commits.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
