package dev.paperboy.benchmarks;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the broker of a benchmark runs ({@code bench.broker}). In the harness JVM the broker shares
 * a JIT, a heap and a garbage collector with the harness, but never with a measured run (each has a
 * JVM of its own); in a JVM of its own it is a process like a real broker, with the heap of {@code
 * bench.brokerHeap}. Both sit on the same cores as the measured run.
 */
enum BrokerSetup {
  /** {@link EmbeddedBroker}: Kafka's test kit in the harness JVM, the default. */
  EMBEDDED,
  /** {@link ForkedBroker}: Kafka's {@code kafka.Kafka} main in a JVM of its own. */
  FORKED;

  static final String PROPERTY = "bench.broker";
  static final String HEAP_PROPERTY = "bench.brokerHeap";
  static final String DEFAULT_HEAP = "-Xmx1g";

  /** The setup's name on the command line: {@code embedded}, {@code forked}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The setup named {@code id} (case-insensitive). */
  static BrokerSetup of(String id) {
    for (BrokerSetup setup : values()) {
      if (setup.id().equalsIgnoreCase(id.trim())) {
        return setup;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + PROPERTY
            + " "
            + id
            + ": use one of "
            + Arrays.stream(values()).map(BrokerSetup::id).collect(Collectors.joining(",")));
  }

  /** The setup of {@code bench.broker}, embedded where unset. */
  static BrokerSetup fromSystemProperties() {
    return of(BenchmarkConfig.property(PROPERTY, EMBEDDED.id()));
  }

  /**
   * Starts a broker of this setup and waits until it serves; a forked one gets the JVM options of
   * {@code bench.brokerHeap}.
   */
  Broker start() throws IOException {
    return switch (this) {
      case EMBEDDED -> EmbeddedBroker.start();
      case FORKED -> ForkedBroker.start(heap());
    };
  }

  /** The JVM options a forked broker gets. */
  private static List<String> heap() {
    return BenchmarkConfig.listProperty(HEAP_PROPERTY, DEFAULT_HEAP);
  }
}
