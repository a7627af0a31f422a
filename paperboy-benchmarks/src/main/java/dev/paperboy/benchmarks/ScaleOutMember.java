package dev.paperboy.benchmarks;

import dev.paperboy.Context;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PaperboyListener;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One member of the scale-out benchmark ({@link ScaleOut}), in a JVM of its own: a Paperboy engine
 * with its default options in the benchmark's group, whose handler notes, for every record, its
 * sequence number (the first 8 bytes of the value), its partition and the wall-clock time it was
 * handled, in microseconds since the epoch (comparable between the members' JVMs on one machine).
 *
 * <p>Talks to the harness by lines: on standard output {@code PAPERBOY-SCALE STARTING <micros>}
 * right before the engine starts (after the JVM started), {@code PAPERBOY-SCALE ASSIGNMENT <micros>
 * <partitions>} after every change of its partitions, {@code PAPERBOY-SCALE HANDLED <count>} every
 * 200 ms and {@code PAPERBOY-SCALE LEFT <count>} at the end; on standard input {@code leave} (or
 * the end of input) closes the engine gracefully (it commits what was handled), writes the noted
 * records to the output file (triples of longs) and exits. Arguments: bootstrap servers, topic,
 * group, protocol ({@code classic} or {@code consumer}), output file, member name.
 */
public final class ScaleOutMember {
  static final String PREFIX = "PAPERBOY-SCALE";
  private static final long REPORT_INTERVAL_MS = 200;

  private final TreeSet<Integer> assigned = new TreeSet<>();
  private long[] handled = new long[3 * 65_536];
  private int size;

  private ScaleOutMember() {}

  /** Runs the member until told to leave; exits non-zero if the engine failed. */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: ScaleOutMember <bootstrap> <topic> <group> <classic|consumer> <output> <name>");
      System.exit(2);
    }
    ScaleOutMember member = new ScaleOutMember();
    Map<String, Object> config =
        ScaleOut.consumerConfig(args[0], args[2], Protocol.of(args[3]), args[5]);
    PaperboyEngine<byte[], byte[]> engine = member.engine(args[1], config);
    Thread leaver = new Thread(() -> member.awaitLeave(engine), "scale-leave");
    leaver.setDaemon(true);
    leaver.start();
    Thread reporter = new Thread(member::report, "scale-report");
    reporter.setDaemon(true);
    reporter.start();
    int status = 0;
    System.out.println(PREFIX + " STARTING " + nowMicros());
    System.out.flush();
    try {
      engine.start();
    } catch (RuntimeException e) {
      System.out.println(PREFIX + " FAILED " + e.toString().replace('\n', ' '));
      e.printStackTrace();
      status = 1;
    }
    engine.close();
    member.write(Path.of(args[4]));
    System.out.println(PREFIX + " LEFT " + member.count());
    System.out.flush();
    System.exit(status);
  }

  private PaperboyEngine<byte[], byte[]> engine(String topic, Map<String, Object> config) {
    EngineOptions options =
        EngineOptions.builder().shutdownHook(false).listener(listener()).build();
    PaperboyHandler<byte[], byte[]> handler =
        new PaperboyHandler<>() {
          @Override
          public String topic() {
            return topic;
          }

          @Override
          public void onMessage(ConsumerRecord<byte[], byte[]> msg, Context ctx) {
            note(ByteBuffer.wrap(msg.value()).getLong(), msg.partition(), nowMicros());
          }
        };
    return new PaperboyEngine<>(options) {
      @Override
      protected List<? extends PaperboyHandler<byte[], byte[]>> handlers() {
        return List.of(handler);
      }

      @Override
      protected Map<String, Object> configureConsumer() {
        return config;
      }
    };
  }

  private PaperboyListener listener() {
    return new PaperboyListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        changed(partitions, true);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        changed(partitions, false);
      }

      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        changed(partitions, false);
      }
    };
  }

  private synchronized void changed(Collection<TopicPartition> partitions, boolean added) {
    for (TopicPartition partition : partitions) {
      if (added) {
        assigned.add(partition.partition());
      } else {
        assigned.remove(partition.partition());
      }
    }
    String list = assigned.stream().map(String::valueOf).collect(Collectors.joining(","));
    System.out.println(PREFIX + " ASSIGNMENT " + nowMicros() + " " + (list.isEmpty() ? "-" : list));
    System.out.flush();
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
  }

  private synchronized void note(long sequence, int partition, long micros) {
    if (size + 3 > handled.length) {
      handled = Arrays.copyOf(handled, handled.length * 2);
    }
    handled[size++] = sequence;
    handled[size++] = partition;
    handled[size++] = micros;
  }

  private synchronized int count() {
    return size / 3;
  }

  private synchronized void write(Path output) throws IOException {
    try (OutputStream file = Files.newOutputStream(output);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file))) {
      for (int i = 0; i < size; i++) {
        out.writeLong(handled[i]);
      }
    }
  }

  private void awaitLeave(PaperboyEngine<byte[], byte[]> engine) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.trim().equals("leave")) {
        // Only "leave" means something.
      }
    } catch (IOException e) {
      // The harness is gone: leave as well.
    }
    engine.stop();
  }

  private void report() {
    while (true) {
      System.out.println(PREFIX + " HANDLED " + count());
      System.out.flush();
      try {
        Thread.sleep(REPORT_INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
