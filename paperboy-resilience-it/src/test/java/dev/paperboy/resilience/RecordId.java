package dev.paperboy.resilience;

/**
 * One record of a test topic, by partition and offset; written {@code partition:offset} in the
 * files child engines keep.
 */
record RecordId(int partition, long offset) {

  static RecordId parse(String line) {
    int colon = line.indexOf(':');
    return new RecordId(
        Integer.parseInt(line.substring(0, colon)), Long.parseLong(line.substring(colon + 1)));
  }

  @Override
  public String toString() {
    return partition + ":" + offset;
  }
}
