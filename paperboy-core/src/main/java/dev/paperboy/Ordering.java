package dev.paperboy;

/**
 * Which records of one partition the engine may handle at the same time ({@link
 * EngineOptions.Builder#ordering}). Whatever the ordering, a partition's committed offset is the
 * first offset not yet handled: records finished out of order wait for the gap below them, so
 * nothing is committed before it was handled.
 */
public enum Ordering {
  /**
   * One record of a partition at a time, in offset order: the default, and the only ordering under
   * which the partition count caps the records handled at once.
   */
  PARTITION,
  /**
   * Records with equal keys one after the other in offset order, records of different keys at the
   * same time. Keys are equal when their deserialized values are equal ({@code equals}; byte arrays
   * by content). Records with a {@code null} key have no key to keep in order and run like {@link
   * #UNORDERED} records. A key class that does not override {@code equals} cannot be compared, so
   * its records keep partition order among themselves.
   */
  KEY,
  /** Any record of a partition may be handled beside any other. */
  UNORDERED
}
