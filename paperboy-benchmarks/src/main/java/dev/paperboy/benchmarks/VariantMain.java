package dev.paperboy.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of one measured run, in a JVM of its own so that its heap peak is the consumer's
 * alone (not the broker's, not the previous run's garbage) and every run starts from the same
 * state. Arguments: variant, bootstrap servers, topic, partitions, keys, records, simulated I/O per
 * record in microseconds, records in flight for the key-ordered variants and for virtual threads,
 * group, timeout in seconds, and how often to read the topic unmeasured first (warm-up passes, each
 * with a group of its own, so that the measured pass runs JIT-compiled code). Prints one result
 * line on standard output; logs go to standard error.
 */
public final class VariantMain {
  private static final Logger log = LoggerFactory.getLogger(VariantMain.class);

  private VariantMain() {}

  /** Runs one variant and prints its {@link Measurement}; exits non-zero if it failed. */
  public static void main(String[] args) {
    if (args.length != 12) {
      System.err.println(
          "usage: VariantMain <"
              + Variant.ids().replace(',', '|')
              + "> <bootstrap> <topic> <partitions> <keys> <records> <workMicros> <inFlight>"
              + " <vtInFlight> <group> <timeoutS> <warmupPasses>");
      System.exit(2);
    }
    int status = 0;
    try {
      Variant variant = Variant.of(args[0]);
      Workload workload =
          new Workload(
              args[1],
              args[2],
              Integer.parseInt(args[3]),
              Integer.parseInt(args[4]),
              Long.parseLong(args[5]),
              new IoWait(Long.parseLong(args[6])),
              Integer.parseInt(args[7]),
              Integer.parseInt(args[8]));
      String measuredGroup = args[9];
      Duration timeout = Duration.ofSeconds(Long.parseLong(args[10]));
      int warmupPasses = Integer.parseInt(args[11]);
      for (int pass = 1; pass <= warmupPasses; pass++) {
        String group = measuredGroup + "-warmup-" + pass;
        Measurement warmup = VariantRunner.measure(variant, workload, group, timeout);
        log.info(
            "Warm-up pass {} of {}: {} ms",
            pass,
            variant.id(),
            TimeUnit.NANOSECONDS.toMillis(warmup.elapsedNanos()));
      }
      Profiling profiling = Profiling.start(variant, measuredGroup);
      Measurement measurement;
      try {
        measurement = VariantRunner.measure(variant, workload, measuredGroup, timeout);
      } finally {
        profiling.close();
      }
      System.out.println(measurement.toLine());
      System.out.flush();
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    // Kafka and engine threads must not keep a finished run alive.
    System.exit(status);
  }
}
