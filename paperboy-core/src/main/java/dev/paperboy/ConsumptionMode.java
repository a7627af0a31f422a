package dev.paperboy;

/** How the engine hands records to handlers. */
public enum ConsumptionMode {
  /**
   * Record by record: each record gets its own context and hooks as soon as it is polled, for low
   * latency. Offsets are committed at most every {@code commitIntervalMs}.
   */
  SINGLE,
  /**
   * In batches: records are collected for up to {@code bulkModeTimeoutMs} or until {@code
   * bulkModeMaxRecords} records or {@code bulkModeMaxBytes} bytes are there, then handed over per
   * topic-partition ({@code onBulk} for a {@link PaperboyBulkHandler}). Offsets are committed on
   * whole batches' ends, at most every {@code commitIntervalMs}.
   */
  BULK
}
