package dev.paperboy.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * The memory store's entries: a hash map from byte-array keys (compared by content) to byte-array
 * values, written by one thread only and read by any, made for restoring a table fast and for
 * holding millions of entries without burdening the garbage collector.
 *
 * <p><b>Layout.</b> Entries are not objects: each key and value is copied, behind an 8-byte header
 * (the two lengths), to the end of a log of byte chunks (4 KiB at first, doubling up to just under
 * 1 MiB). Per slot (open addressing, linear probing), the map keeps the key's hash in one array and
 * the entry's place in the log in another. A table of a million 100-byte entries is then about a
 * hundred arrays instead of two million of them: a young collection copies none of it, and a
 * marking cycle visits about one object per MiB of entries (and one per value of 128 KiB or more,
 * which gets a chunk of its own). Kept as objects, the entries were copied by every young
 * collection until they aged out, which cost a restore of one million distinct keys more than
 * reading them from Kafka. {@link #get} and {@link #forEach} hand out copies.
 *
 * <p><b>Cache misses.</b> A restore puts one record after another under keys spread over a map too
 * large for the CPU's caches, so a put costs what its misses cost: the slot's two arrays, then the
 * stored key's bytes in the log. {@link #apply} touches a chunk of keys' slots and stored keys
 * before it writes them, so that those misses overlap instead of following each other. Keys are
 * hashed with a secret key of the map's own ({@link KeyHash}), so that no writer of the topic can
 * pile keys into one slot chain.
 *
 * <p><b>Garbage.</b> A changed value is written anew at the log's end, and a deleted key keeps its
 * slot and its key's bytes, marked deleted, so the log also holds what is no longer live, and the
 * end of a chunk an entry did not fit stays unused. Once that garbage exceeds both the rest and 4
 * MiB (or when the slots are half taken), the writer builds a new generation, slots and log, from
 * the live entries alone, and publishes it: the log holds at most about twice its live bytes (a
 * deleted key's own bytes counting as live until then), or its live bytes and 4 MiB.
 *
 * <p><b>Thread safety</b> rests on the single writer and on the log being written only at its end:
 * bytes once written in a generation's chunks never change. A new key's entry is written and its
 * place stored before its hash is published with release semantics; a changed value's new place is
 * published with release semantics; a chunk is stored in its generation's chunk array (replaced by
 * a longer copy, through a volatile field, when full) before any place in it is published. Readers
 * read the hash and the place with acquire semantics, then the chunks. A new generation is filled
 * completely before it is published through a volatile field, and a reader still on the old one
 * reads the old one's unchanged bytes. A reader therefore sees, per key, either nothing or a value
 * the writer wrote, never a half-written entry.
 */
final class SingleWriterMap {
  private static final VarHandle HASHES = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 29;

  /** The keys a map holds at most: a resize makes room for four times its keys. */
  private static final int MAX_KEYS = MAX_CAPACITY / 4;

  /** Keys looked up together before they are written: enough to overlap their cache misses. */
  private static final int CHUNK = 64;

  /** An entry's header in its log chunk: the key's length, then the value's. */
  private static final int HEADER = 8;

  /**
   * The largest log chunk's length: one G1 region of the smallest size (1 MiB) less an array's
   * header, so that a chunk the collector treats as humongous takes one region, not two.
   */
  static final int CHUNK_BYTES = (1 << 20) - 64;

  /** A generation's first chunk's length; each next one doubles it, up to {@link #CHUNK_BYTES}. */
  private static final int FIRST_CHUNK_BYTES = 4096;

  /** An entry this large or larger gets a chunk of its own instead of ending the current one. */
  private static final int OWN_CHUNK_BYTES = CHUNK_BYTES / 8;

  /** Garbage the log may hold whatever its live bytes, before it is compacted. */
  private static final long MIN_GARBAGE = 4L << 20;

  /** Set on a deleted key's reference, which still points at the key's bytes. */
  private static final long DELETED = Long.MIN_VALUE;

  private static final VarHandle SIZE;

  static {
    try {
      SIZE = MethodHandles.lookup().findVarHandle(SingleWriterMap.class, "size", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * One generation of the map: its slots and the log chunks their references point into. A resize
   * or a compaction replaces it as a whole; within a generation, chunks only grow at their ends.
   */
  private static final class Slots {
    /** Per slot, the key's hash, never 0; 0 marks a slot no key has taken. */
    final int[] hashes;

    /**
     * Per slot, where its entry starts: {@code (chunk + 1) << 32 | offset}, with {@link #DELETED}
     * set once the key was deleted (its bytes still serve to compare keys).
     */
    final long[] refs;

    final int mask;

    /**
     * The log chunks, in the first {@link #chunkCount} elements; replaced by a copy twice as long
     * when full. A chunk is stored in it before any reference into the chunk is published.
     */
    volatile byte[][] chunks = new byte[8][];

    /** Chunks in use. The writer's alone. */
    int chunkCount;

    Slots(int capacity) {
      hashes = new int[capacity];
      refs = new long[capacity];
      mask = capacity - 1;
    }
  }

  private final ToIntFunction<byte[]> hash;
  private final long minGarbage;
  private volatile Slots slots = new Slots(MIN_CAPACITY);
  private volatile long size; // written with release semantics: no full fence per new key

  // The writer's alone.
  private int taken;
  private final int[] chunkHashes = new int[CHUNK];
  private int touched;
  private int current = -1; // the chunk new entries go to
  private int position; // where the next entry goes in it
  private int currentBytes; // its length
  private long logBytes; // bytes of the generation's chunks taken, garbage included
  private long garbage; // replaced entries, deleted keys' values, chunks' unused ends

  SingleWriterMap() {
    this(new KeyHash()::of, MIN_GARBAGE);
  }

  /** A map hashing its keys with {@code hash} (a test's way to make keys collide). */
  SingleWriterMap(ToIntFunction<byte[]> hash) {
    this(hash, MIN_GARBAGE);
  }

  /**
   * A map hashing its keys with {@code hash} that compacts its log once the garbage in it exceeds
   * both its live bytes and {@code minGarbage} (a test's way to compact often).
   */
  SingleWriterMap(ToIntFunction<byte[]> hash, long minGarbage) {
    this.hash = hash;
    this.minGarbage = minGarbage;
  }

  /** The value stored under {@code key}, a copy, or {@code null}. Any thread. */
  byte[] get(byte[] key) {
    Slots generation = slots;
    int hash = hashOf(key);
    for (int slot = hash & generation.mask; ; slot = (slot + 1) & generation.mask) {
      int found = (int) HASHES.getAcquire(generation.hashes, slot);
      if (found == 0) {
        return null;
      }
      if (found == hash) {
        long ref = (long) REFS.getAcquire(generation.refs, slot);
        byte[][] chunks = generation.chunks;
        if (keyEquals(chunks, ref, key)) {
          return ref < 0 ? null : value(chunks, ref);
        }
      }
    }
  }

  /** Calls {@code action} with a copy of each key and value, in no promised order. Any thread. */
  void forEach(BiConsumer<byte[], byte[]> action) {
    Slots generation = slots;
    for (int slot = 0; slot <= generation.mask; slot++) {
      if ((int) HASHES.getAcquire(generation.hashes, slot) != 0) {
        long ref = (long) REFS.getAcquire(generation.refs, slot);
        if (ref >= 0) {
          byte[][] chunks = generation.chunks;
          action.accept(key(chunks, ref), value(chunks, ref));
        }
      }
    }
  }

  /** The number of keys with a value. Any thread. */
  long size() {
    return size;
  }

  /** Bytes of the log's chunks taken, garbage included: what the entries cost. The writer only. */
  long logBytes() {
    return logBytes;
  }

  /**
   * Applies {@code changes} in order: a change with a value puts it, one without deletes its key.
   * The writer thread only.
   */
  void apply(List<TableStore.Change> changes) {
    for (int from = 0; from < changes.size(); from += CHUNK) {
      int to = Math.min(changes.size(), from + CHUNK);
      lookUp(changes, from, to);
      for (int i = from; i < to; i++) {
        TableStore.Change change = changes.get(i);
        put(change.key(), chunkHashes[i - from], change.value());
      }
    }
  }

  /** Deletes every key. The writer thread only. */
  void clear() {
    taken = 0;
    current = -1;
    position = 0;
    currentBytes = 0;
    logBytes = 0;
    garbage = 0;
    slots = new Slots(MIN_CAPACITY);
    size = 0;
  }

  /**
   * Touches, for each key of the chunk, its slot and then the first bytes of the stored key it will
   * be compared with, so that the cache misses of the whole chunk overlap; the puts that follow
   * then find them cached (unless one of them resizes the map). The hashes come first, in a pass of
   * their own, so that the passes that miss are short enough for the processor to run ahead through
   * many keys at once.
   */
  private void lookUp(List<TableStore.Change> changes, int from, int to) {
    int count = to - from;
    for (int i = 0; i < count; i++) {
      chunkHashes[i] =
          hashOf(Objects.requireNonNull(changes.get(from + i).key(), "a table entry needs a key"));
    }
    Slots generation = slots;
    int[] hashes = generation.hashes;
    long[] refs = generation.refs;
    byte[][] chunks = generation.chunks;
    int mask = generation.mask;
    int seen = 0;
    for (int i = 0; i < count; i++) {
      int slot = chunkHashes[i] & mask;
      seen += hashes[slot] + (int) refs[slot];
    }
    for (int i = 0; i < count; i++) {
      int hash = chunkHashes[i];
      for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
        int found = hashes[slot];
        if (found == 0) {
          break;
        }
        if (found == hash) {
          long ref = refs[slot];
          seen += chunks[chunk(ref)][offset(ref)]; // the header, on the key's cache line
          break;
        }
      }
    }
    touched = seen; // keeps the reads from being optimized away
  }

  private void put(byte[] key, int hash, byte[] value) {
    Slots generation = slots;
    for (int slot = hash & generation.mask; ; slot = (slot + 1) & generation.mask) {
      int found = generation.hashes[slot];
      if (found == 0) {
        if (value != null) {
          checkRoomForAKey();
          generation.refs[slot] = append(generation, key, value);
          HASHES.setRelease(generation.hashes, slot, hash);
          SIZE.setRelease(this, size + 1);
          if (++taken > (generation.mask + 1) / 2) {
            rebuild();
          }
        }
        return;
      }
      if (found == hash) {
        long ref = generation.refs[slot];
        byte[][] chunks = generation.chunks;
        if (keyEquals(chunks, ref, key)) {
          replace(generation, slot, ref, chunks, key, value);
          return;
        }
      }
    }
  }

  /** Gives a key found at {@code slot} its new value, or deletes it. */
  private void replace(
      Slots generation, int slot, long ref, byte[][] chunks, byte[] key, byte[] value) {
    boolean had = ref >= 0;
    if (!had && value == null) {
      return;
    }
    if (!had) {
      checkRoomForAKey();
    }
    if (had) {
      garbage += valueLength(chunks, ref);
    }
    if (value == null) {
      REFS.setRelease(generation.refs, slot, ref | DELETED);
      SIZE.setRelease(this, size - 1);
    } else {
      garbage += HEADER + key.length; // the old entry's key, with its value counted above
      REFS.setRelease(generation.refs, slot, append(generation, key, value));
      if (!had) {
        SIZE.setRelease(this, size + 1);
      }
    }
    if (garbage > minGarbage && garbage > logBytes - garbage) {
      rebuild();
    }
  }

  private void checkRoomForAKey() {
    if (size >= MAX_KEYS) {
      throw new IllegalStateException(
          "A table in memory holds at most " + MAX_KEYS + " keys; use a persistent store");
    }
  }

  /**
   * Writes an entry at the end of the generation's log and returns its reference; a chunk added for
   * it is published before the entry's reference can be.
   */
  private long append(Slots generation, byte[] key, byte[] value) {
    int length = HEADER + key.length + value.length;
    long ref = reserve(generation, length);
    byte[] bytes = generation.chunks[chunk(ref)];
    int offset = offset(ref);
    INTS.set(bytes, offset, key.length);
    INTS.set(bytes, offset + 4, value.length);
    System.arraycopy(key, 0, bytes, offset + HEADER, key.length);
    System.arraycopy(value, 0, bytes, offset + HEADER + key.length, value.length);
    return ref;
  }

  /** Copies the entry at {@code ref} of {@code chunks} to the end of the generation's log. */
  private long copy(Slots generation, byte[][] chunks, long ref) {
    byte[] from = chunks[chunk(ref)];
    int offset = offset(ref);
    int length = HEADER + (int) INTS.get(from, offset) + (int) INTS.get(from, offset + 4);
    long copied = reserve(generation, length);
    System.arraycopy(from, offset, generation.chunks[chunk(copied)], offset(copied), length);
    return copied;
  }

  /** Makes room for an entry of {@code length} bytes at the end of the log; returns where. */
  private long reserve(Slots generation, int length) {
    int chunk;
    int offset;
    if (length >= OWN_CHUNK_BYTES) {
      chunk = addChunk(generation, length);
      offset = 0;
    } else {
      if (position + length > currentBytes) {
        garbage += currentBytes - position; // the current chunk's end stays unused
        logBytes += currentBytes - position;
        int doubled =
            currentBytes == 0 ? FIRST_CHUNK_BYTES : Math.min(CHUNK_BYTES, 2 * currentBytes);
        currentBytes = Math.max(length, doubled); // an entry under OWN_CHUNK_BYTES fits one
        current = addChunk(generation, currentBytes);
        position = 0;
      }
      chunk = current;
      offset = position;
      position += length;
    }
    logBytes += length;
    return (long) (chunk + 1) << 32 | offset;
  }

  private static int addChunk(Slots generation, int length) {
    byte[][] chunks = generation.chunks;
    if (generation.chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, 2 * chunks.length);
      generation.chunks = chunks;
    }
    chunks[generation.chunkCount] = new byte[length];
    return generation.chunkCount++;
  }

  /**
   * Copies the keys with a value into a new generation whose slots are a quarter full at most and
   * whose log holds only their entries, then publishes it: deleted keys' slots and replaced values
   * are dropped. {@link #MAX_KEYS} keys fit a quarter of the largest arrays.
   */
  private void rebuild() {
    Slots old = slots;
    byte[][] chunks = old.chunks;
    long wanted = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, size * 4 - 1)) << 1);
    Slots next = new Slots((int) Math.min(MAX_CAPACITY, wanted));
    current = -1;
    position = 0;
    currentBytes = 0;
    logBytes = 0;
    garbage = 0;
    int moved = 0;
    for (int from = 0; from <= old.mask; from++) {
      long ref = old.refs[from];
      if (old.hashes[from] == 0 || ref < 0) {
        continue;
      }
      int hash = old.hashes[from];
      int slot = hash & next.mask;
      while (next.hashes[slot] != 0) {
        slot = (slot + 1) & next.mask;
      }
      next.hashes[slot] = hash;
      next.refs[slot] = copy(next, chunks, ref);
      moved++;
    }
    taken = moved;
    slots = next;
  }

  private static int chunk(long ref) {
    return (int) ((ref & ~DELETED) >>> 32) - 1;
  }

  private static int offset(long ref) {
    return (int) ref;
  }

  private static boolean keyEquals(byte[][] chunks, long ref, byte[] key) {
    byte[] bytes = chunks[chunk(ref)];
    int offset = offset(ref);
    int length = (int) INTS.get(bytes, offset);
    return length == key.length
        && Arrays.equals(bytes, offset + HEADER, offset + HEADER + length, key, 0, key.length);
  }

  private static int valueLength(byte[][] chunks, long ref) {
    return (int) INTS.get(chunks[chunk(ref)], offset(ref) + 4);
  }

  private static byte[] key(byte[][] chunks, long ref) {
    byte[] bytes = chunks[chunk(ref)];
    int from = offset(ref) + HEADER;
    return Arrays.copyOfRange(bytes, from, from + (int) INTS.get(bytes, offset(ref)));
  }

  private static byte[] value(byte[][] chunks, long ref) {
    byte[] bytes = chunks[chunk(ref)];
    int offset = offset(ref);
    int from = offset + HEADER + (int) INTS.get(bytes, offset);
    return Arrays.copyOfRange(bytes, from, from + (int) INTS.get(bytes, offset + 4));
  }

  /** The key's hash, never 0 (which marks a slot no key has taken). */
  private int hashOf(byte[] key) {
    int hashed = hash.applyAsInt(key);
    return hashed == 0 ? 1 : hashed;
  }
}
