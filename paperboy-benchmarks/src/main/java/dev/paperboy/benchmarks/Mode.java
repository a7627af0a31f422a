package dev.paperboy.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which benchmark of the module runs ({@code bench.mode}); each is one command in the README. */
enum Mode {
  /** The variants side by side on one topic, in interleaved rounds ({@link Benchmark}). */
  COMPARE,
  /** Variants by simulated I/O per record, against the ideal throughput ({@link Sweep}). */
  SWEEP,
  /**
   * Peak heap after GC of the engine draining backlogs of different sizes ({@link HeapBacklog}).
   */
  HEAP,
  /** Engines in one group while members join and leave ({@link ScaleOut}). */
  SCALE_OUT;

  /** The mode's name on the command line: {@code compare}, {@code scale-out}... */
  String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The mode named {@code id} (case-insensitive). */
  static Mode of(String id) {
    for (Mode mode : values()) {
      if (mode.id().equalsIgnoreCase(id.trim())) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown bench.mode "
            + id
            + ": use one of "
            + Arrays.stream(values()).map(Mode::id).collect(Collectors.joining(",")));
  }

  /** Runs this mode, configured by system properties, and prints its tables. */
  void run() throws Exception {
    switch (this) {
      case SWEEP -> Sweep.main();
      case HEAP -> HeapBacklog.main();
      case SCALE_OUT -> ScaleOut.main();
      case COMPARE -> throw new IllegalStateException("compare runs in Benchmark.main");
    }
  }
}
