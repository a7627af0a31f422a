package dev.paperboy.benchmarks;

/** How many records were seen and the sum of their values' CRC32: equal for equal record sets. */
record Totals(long count, long checksum) {}
