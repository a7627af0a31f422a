package dev.paperboy.internal;

/** Waits between attempts on a handler thread, cut short when the lane closes. */
interface Backoff {
  /** Waits {@code millis}; returns false, possibly early, if the lane was closed meanwhile. */
  boolean await(long millis);
}
