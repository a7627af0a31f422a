package dev.paperboy.internal;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The records of one partition handed over and not yet committable, in offset order, for a {@link
 * ConcurrentLane}: records finish out of order, and the partition's committable offset is the first
 * one not done. Records done above it stay in the window (and count as pending) until the gap below
 * them closes; they are what a commit carries as {@link CompletedOffsets}. Records a previous owner
 * completed (read from the commit it resumes from) enter the window already done.
 *
 * <p>No I/O, no threads: the {@link CompletionTracker} that owns it calls it holding its lock.
 */
final class CompletionWindow {
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private final Map<Long, Slot> open = new HashMap<>();
  private long nextOffset = -1;
  private long bytes;
  private BitSet skip = new BitSet();
  private long skipBase;

  /** Records {@code committed + i} for each bit {@code i} of {@code completed} are already done. */
  void completedBefore(long committed, BitSet completed) {
    skipBase = committed;
    skip = completed;
  }

  /**
   * Enters a record handed over; returns whether it is to be handled (false: a previous owner
   * completed it, and it entered done).
   */
  boolean enter(long offset, long recordBytes) {
    nextOffset = Math.max(nextOffset, offset + 1);
    if (completedBefore(offset)) {
      Slot slot = new Slot(offset, 0); // counts nothing against the pause limit
      slot.done = true;
      slots.add(slot);
      return false;
    }
    Slot slot = new Slot(offset, recordBytes);
    slots.add(slot);
    open.put(offset, slot);
    bytes += recordBytes;
    return true;
  }

  private boolean completedBefore(long offset) {
    if (skip.isEmpty() || offset < skipBase) {
      return false;
    }
    if (offset - skipBase >= skip.length()) {
      skip = new BitSet();
      return false;
    }
    return skip.get((int) (offset - skipBase));
  }

  /** The record at {@code offset} is done (handled, dead-lettered or skipped). */
  void done(long offset) {
    Slot slot = open.remove(offset);
    if (slot != null) {
      slot.done = true;
    }
  }

  /** Lets go of the done records at the head: the committable offset moves past them. */
  void dropDoneHead() {
    while (!slots.isEmpty() && slots.peekFirst().done) {
      bytes -= slots.pollFirst().bytes;
    }
  }

  /** Records in the window, done or not. */
  int size() {
    return slots.size();
  }

  /** Serialized bytes of the records in the window not done yet. */
  long bytes() {
    return bytes;
  }

  /** The first offset not done: the committable offset; -1 before the first record. */
  long committable() {
    return slots.isEmpty() ? nextOffset : slots.peekFirst().offset;
  }

  /**
   * The offsets at or above {@code base} done, as commit metadata: everything below the first
   * offset not done, and each done record above it.
   */
  String completedAbove(long base) {
    BitSet completed = new BitSet();
    long low = committable();
    if (base < low) {
      completed.set(0, (int) Math.min(low - base, CompletedOffsets.MAX_BITS + 1L));
    }
    for (Slot slot : slots) {
      long bit = slot.offset - base;
      if (bit > CompletedOffsets.MAX_BITS) {
        completed.set(CompletedOffsets.MAX_BITS); // too wide to carry: encode() gives up
        break;
      }
      if (slot.done && bit >= 0) {
        completed.set((int) bit);
      }
    }
    return CompletedOffsets.encode(completed);
  }

  /** A record in the window: its offset, its bytes for the pause limit, whether it is done. */
  private static final class Slot {
    final long offset;
    final long bytes;
    boolean done;

    Slot(long offset, long bytes) {
      this.offset = offset;
      this.bytes = bytes;
    }
  }
}
