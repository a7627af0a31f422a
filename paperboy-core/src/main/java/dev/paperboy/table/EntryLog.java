package dev.paperboy.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The entries of a {@link SingleWriterMap}, for one or more of its generations: each key and value
 * copied, behind an 8-byte header (the two lengths), to the end of a log of byte chunks (4 KiB at
 * first, doubling up to just under 1 MiB; an entry of 128 KiB or more gets a chunk of its own). An
 * entry is named by a reference, {@code (chunk + 1) << 32 | offset}, never 0 and never negative, so
 * its holder may use the sign bit for a flag of its own: the reading methods ignore it.
 *
 * <p>Written by one thread only, at its end; bytes once written never change. A chunk is stored in
 * the chunk array (replaced by a copy twice as long, through a volatile field, when full) before
 * {@link #append} returns a reference into it. So a reader that got a reference with acquire
 * semantics from a writer that published it with release semantics reads the entry whole.
 */
final class EntryLog {
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** An entry's header: the key's length, then the value's. */
  static final int HEADER = 8;

  /**
   * The largest chunk's length: one G1 region of the smallest size (1 MiB) less an array's header,
   * so that a chunk the collector treats as humongous takes one region, not two.
   */
  static final int CHUNK_BYTES = (1 << 20) - 64;

  /** The first chunk's length; each next one doubles it, up to {@link #CHUNK_BYTES}. */
  private static final int FIRST_CHUNK_BYTES = 4096;

  /** An entry this large or larger gets a chunk of its own instead of ending the current one. */
  private static final int OWN_CHUNK_BYTES = CHUNK_BYTES / 8;

  /** The chunks, in the first {@link #chunkCount} elements. */
  private volatile byte[][] chunks = new byte[8][];

  // The writer's alone.
  private int chunkCount;
  private int current = -1; // the chunk new entries go to
  private int position; // where the next entry goes in it
  private int currentBytes; // its length
  private long bytes; // taken in the chunks, unused ends included

  /** Writes an entry at the end of the log and returns its reference. The writer only. */
  long append(byte[] key, byte[] value) {
    long ref = reserve(HEADER + key.length + value.length);
    byte[] chunk = chunks[chunk(ref)];
    int offset = offset(ref);
    INTS.set(chunk, offset, key.length);
    INTS.set(chunk, offset + 4, value.length);
    System.arraycopy(key, 0, chunk, offset + HEADER, key.length);
    System.arraycopy(value, 0, chunk, offset + HEADER + key.length, value.length);
    return ref;
  }

  /** Copies the entry {@code ref} of {@code from} to the end of this log. The writer only. */
  long copy(EntryLog from, long ref) {
    byte[] source = from.chunks[chunk(ref)];
    int offset = offset(ref);
    int length = HEADER + (int) INTS.get(source, offset) + (int) INTS.get(source, offset + 4);
    long copied = reserve(length);
    System.arraycopy(source, offset, chunks[chunk(copied)], offset(copied), length);
    return copied;
  }

  /** Bytes taken in the chunks, the unused ends included. The writer only. */
  long bytes() {
    return bytes;
  }

  /** Whether entry {@code ref} holds {@code key}. */
  boolean keyEquals(long ref, byte[] key) {
    byte[] chunk = chunks[chunk(ref)];
    int offset = offset(ref);
    int length = (int) INTS.get(chunk, offset);
    return length == key.length
        && Arrays.equals(chunk, offset + HEADER, offset + HEADER + length, key, 0, key.length);
  }

  /** A copy of entry {@code ref}'s key. */
  byte[] key(long ref) {
    byte[] chunk = chunks[chunk(ref)];
    int from = offset(ref) + HEADER;
    return Arrays.copyOfRange(chunk, from, from + (int) INTS.get(chunk, offset(ref)));
  }

  /** A copy of entry {@code ref}'s value. */
  byte[] value(long ref) {
    byte[] chunk = chunks[chunk(ref)];
    int offset = offset(ref);
    int from = offset + HEADER + (int) INTS.get(chunk, offset);
    return Arrays.copyOfRange(chunk, from, from + (int) INTS.get(chunk, offset + 4));
  }

  /** The length of entry {@code ref}'s value. */
  int valueLength(long ref) {
    return (int) INTS.get(chunks[chunk(ref)], offset(ref) + 4);
  }

  /**
   * Reads entry {@code ref}'s first header byte, on the cache line where its key starts: a way to
   * bring the entry into the cache ahead of its use.
   */
  byte touch(long ref) {
    return chunks[chunk(ref)][offset(ref)];
  }

  /** Makes room for an entry of {@code length} bytes at the end of the log; returns where. */
  private long reserve(int length) {
    int chunk;
    int offset;
    if (length >= OWN_CHUNK_BYTES) {
      chunk = addChunk(length);
      offset = 0;
    } else {
      if (position + length > currentBytes) {
        bytes += currentBytes - position;
        int doubled =
            currentBytes == 0 ? FIRST_CHUNK_BYTES : Math.min(CHUNK_BYTES, 2 * currentBytes);
        currentBytes = Math.max(length, doubled); // an entry under OWN_CHUNK_BYTES fits one
        current = addChunk(currentBytes);
        position = 0;
      }
      chunk = current;
      offset = position;
      position += length;
    }
    bytes += length;
    return (long) (chunk + 1) << 32 | offset;
  }

  private int addChunk(int length) {
    byte[][] all = chunks;
    if (chunkCount == all.length) {
      all = Arrays.copyOf(all, 2 * all.length);
      chunks = all;
    }
    all[chunkCount] = new byte[length];
    return chunkCount++;
  }

  private static int chunk(long ref) {
    return (int) ((ref & Long.MAX_VALUE) >>> 32) - 1;
  }

  private static int offset(long ref) {
    return (int) ref;
  }
}
