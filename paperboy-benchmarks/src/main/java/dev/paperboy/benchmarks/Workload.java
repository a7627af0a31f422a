package dev.paperboy.benchmarks;

/**
 * What every pass of a run reads and does: the loaded topic on the embedded broker, how many
 * records it holds, and the simulated I/O each record's handling waits. Spring Kafka sizes its
 * concurrency by {@link #partitions()}, the key-ordered variants (Paperboy's and the Parallel
 * Consumer's) by {@link #inFlight()}, Paperboy on virtual threads by {@link #vtInFlight()}.
 *
 * @param bootstrapServers the embedded broker
 * @param topic the loaded topic
 * @param partitions partitions of the topic
 * @param keys distinct keys of the records, 0 for none
 * @param records records in the topic; a pass ends when it counted all of them
 * @param ioWait the simulated I/O of each record's handling
 * @param inFlight records in handling at once for {@code key} and {@code pc-key}
 * @param vtInFlight records in handling at once for {@code key-vt}
 */
record Workload(
    String bootstrapServers,
    String topic,
    int partitions,
    int keys,
    long records,
    IoWait ioWait,
    int inFlight,
    int vtInFlight) {

  /** A tally of this workload's records that waits its simulated I/O per record. */
  Tally newTally() {
    return new Tally(records, ioWait);
  }
}
