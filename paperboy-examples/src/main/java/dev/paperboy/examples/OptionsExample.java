package dev.paperboy.examples;

import dev.paperboy.EngineOptions;
import dev.paperboy.Ordering;
import java.time.Duration;

/** Every option, with its default. */
public final class OptionsExample {
  private OptionsExample() {}

  /** The defaults, spelled out. */
  public static EngineOptions defaults() {
    // tag::options[]
    EngineOptions options =
        EngineOptions.builder()
            .withCommit(true) //                  commit handled offsets; false: never commit
            .failOnException(true) //             a handler error stops the engine
            .withBulkMode(false) //               start in single mode
            .bulkModeTimeoutMs(10_000) //         a batch waits at most 10 s to fill
            .bulkModeMaxRecords(10_000) //        the largest batch, in records
            .bulkModeMaxBytes(16 << 20) //        ... or in bytes (16 MiB)
            .bulkModeThreshold(1_000L) //         bulk while lag > 1,000; null: never switch
            .commitIntervalMs(10_000) //          commit at most every 10 s, in both modes
            .handlerThreads(16) //                records in handlers at the same time
            .ordering(Ordering.PARTITION) //      one record at a time per partition
            .virtualThreads(false) //             true (Java 21+): handlers on virtual threads
            .maxPendingRecordsPerPartition(10_000) // fetched, unhandled records before a pause
            .maxPendingBytesPerPartition(16 << 20) // ... or their bytes
            .shutdownTimeout(Duration.ofSeconds(30)) // handlers' time to finish on shutdown
            .shutdownHook(true) //                SIGTERM stops gracefully
            .startupTimeoutMs(0) //               0: report startup problems, never give up
            .build();
    // end::options[]
    return options;
  }

  /** Records of different keys handled side by side, 64 at most. */
  public static EngineOptions byKey() {
    // tag::concurrency[]
    EngineOptions options =
        EngineOptions.builder()
            .ordering(Ordering.KEY) //   records of one key in offset order, keys side by side
            .handlerThreads(64) //       at most 64 records in handlers at once
            .build();
    // end::concurrency[]
    return options;
  }
}
