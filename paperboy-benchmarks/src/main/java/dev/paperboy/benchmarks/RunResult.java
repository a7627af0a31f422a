package dev.paperboy.benchmarks;

/** One measured run: which round, which variant, what it measured. */
record RunResult(int round, Variant variant, Measurement measurement) {
  double recordsPerSecond() {
    return measurement.recordsPerSecond();
  }
}
