package dev.paperboy.benchmarks;

/**
 * What every pass of a run reads and does: the loaded topic on the embedded broker, how many
 * records it holds, and the simulated I/O each record's handling waits. Peers size their
 * concurrency by {@link #partitions()}.
 *
 * @param bootstrapServers the embedded broker
 * @param topic the loaded topic
 * @param partitions partitions of the topic
 * @param records records in the topic; a pass ends when it counted all of them
 * @param ioWait the simulated I/O of each record's handling
 */
record Workload(
    String bootstrapServers, String topic, int partitions, long records, IoWait ioWait) {

  /** A tally of this workload's records that waits its simulated I/O per record. */
  Tally newTally() {
    return new Tally(records, ioWait);
  }
}
