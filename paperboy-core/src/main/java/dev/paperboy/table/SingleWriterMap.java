package dev.paperboy.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * The memory store's entries: a hash map from byte-array keys (compared by content) to byte-array
 * values, written by one thread only and read by any, made for restoring a table fast and for
 * holding millions of entries without burdening the garbage collector.
 *
 * <p><b>Layout.</b> Entries are not objects: each key and value is copied to the end of a log of
 * byte chunks ({@link EntryLog}, shared by the map's generations until a compaction replaces it).
 * Per slot (open addressing, linear probing), the map keeps the key's hash in one array and the
 * entry's place in the log in another. A table of a million 100-byte entries is then about a
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
 * end of a chunk an entry did not fit stays unused. When the slots are half taken, the writer
 * builds new slots for the keys with a value over the same log (a growing table's entries are not
 * copied to grow it). Once the garbage exceeds both the live entries' bytes and 4 MiB, it builds a
 * new log too, from the live entries alone. Either way it then publishes the new generation: the
 * log holds at most about twice its live bytes, or its live bytes and 4 MiB.
 *
 * <p><b>Thread safety</b> rests on the single writer and on the log being written only at its end
 * (bytes once written in a log never change; see {@link EntryLog}). A new key's entry is written
 * and its place stored before its hash is published with release semantics; a changed value's new
 * place is published with release semantics. Readers read the hash and the place with acquire
 * semantics, then the entry. A new generation is filled completely before it is published through a
 * volatile field, and a reader still on the old one reads the old one's unchanged bytes: in the old
 * log, or in the log the new generation kept, where the writer only adds bytes past every entry and
 * chunks past every chunk a reference names. A reader therefore sees, per key, either nothing or a
 * value the writer wrote, never a half-written entry.
 */
final class SingleWriterMap {
  private static final VarHandle HASHES = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 29;

  /** The keys a map holds at most: a resize makes room for four times its keys. */
  private static final int MAX_KEYS = MAX_CAPACITY / 4;

  /** Keys looked up together before they are written: enough to overlap their cache misses. */
  private static final int CHUNK = 64;

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
   * One generation of the map: its slots and the log their references point into. A resize replaces
   * the slots and keeps the log; a compaction replaces both. A log only grows at its end.
   */
  private static final class Slots {
    /** Per slot, the key's hash, never 0; 0 marks a slot no key has taken. */
    final int[] hashes;

    /**
     * Per slot, its entry's reference in {@link #log}, with {@link #DELETED} set once the key was
     * deleted (its bytes still serve to compare keys).
     */
    final long[] refs;

    final int mask;

    final EntryLog log;

    Slots(int capacity, EntryLog log) {
      hashes = new int[capacity];
      refs = new long[capacity];
      mask = capacity - 1;
      this.log = log;
    }
  }

  private final ToIntFunction<byte[]> hash;
  private final long minGarbage;
  private volatile Slots slots = new Slots(MIN_CAPACITY, new EntryLog());
  private volatile long size; // written with release semantics: no full fence per new key

  // The writer's alone.
  private int taken;
  private final int[] chunkHashes = new int[CHUNK];
  private final int[] movingHashes = new int[CHUNK]; // a rebuild's own: it runs inside a put
  private final long[] movingRefs = new long[CHUNK];
  private int touched;
  private long liveBytes; // of the entries of keys with a value, headers included

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
        if (generation.log.keyEquals(ref, key)) {
          return ref < 0 ? null : generation.log.value(ref);
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
          action.accept(generation.log.key(ref), generation.log.value(ref));
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
    return slots.log.bytes();
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
    liveBytes = 0;
    slots = new Slots(MIN_CAPACITY, new EntryLog());
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
    EntryLog log = generation.log;
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
          seen += log.touch(ref);
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
          generation.refs[slot] = generation.log.append(key, value);
          liveBytes += EntryLog.HEADER + key.length + value.length;
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
        if (generation.log.keyEquals(ref, key)) {
          replace(generation, slot, ref, key, value);
          return;
        }
      }
    }
  }

  /** Gives a key found at {@code slot} its new value, or deletes it. */
  private void replace(Slots generation, int slot, long ref, byte[] key, byte[] value) {
    boolean had = ref >= 0;
    if (!had && value == null) {
      return;
    }
    if (had) {
      liveBytes -= EntryLog.HEADER + key.length + generation.log.valueLength(ref);
    } else {
      checkRoomForAKey(); // a deleted key comes back
    }
    if (value == null) {
      REFS.setRelease(generation.refs, slot, ref | DELETED);
      SIZE.setRelease(this, size - 1);
    } else {
      REFS.setRelease(generation.refs, slot, generation.log.append(key, value));
      liveBytes += EntryLog.HEADER + key.length + value.length;
      if (!had) {
        SIZE.setRelease(this, size + 1);
      }
    }
    if (compactionDue(generation.log)) {
      rebuild();
    }
  }

  /**
   * Whether the log's garbage (replaced entries, deleted keys' entries, unused chunk ends) exceeds
   * both its live bytes and the floor.
   */
  private boolean compactionDue(EntryLog log) {
    long waste = log.bytes() - liveBytes;
    return waste > minGarbage && waste > liveBytes;
  }

  private void checkRoomForAKey() {
    if (size >= MAX_KEYS) {
      throw new IllegalStateException(
          "A table in memory holds at most " + MAX_KEYS + " keys; use a persistent store");
    }
  }

  /**
   * Builds a new generation for the keys with a value, its slots a quarter full at most, and
   * publishes it: deleted keys' slots are dropped. The new generation keeps the log unless the
   * log's garbage is due for compaction: then its live entries are copied to a new log and the
   * replaced and deleted ones dropped. {@link #MAX_KEYS} keys fit a quarter of the largest arrays.
   */
  private void rebuild() {
    Slots old = slots;
    long wanted = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, size * 4 - 1)) << 1);
    boolean compact = compactionDue(old.log);
    Slots next =
        new Slots((int) Math.min(MAX_CAPACITY, wanted), compact ? new EntryLog() : old.log);
    int moved = 0;
    int from = 0;
    while (from <= old.mask) {
      int count = 0;
      for (; from <= old.mask && count < CHUNK; from++) {
        if (old.hashes[from] != 0 && old.refs[from] >= 0) {
          movingHashes[count] = old.hashes[from];
          movingRefs[count++] = old.refs[from];
        }
      }
      if (compact) {
        touchForCompaction(old, next, count);
      }
      for (int i = 0; i < count; i++) {
        int slot = movingHashes[i] & next.mask;
        while (next.hashes[slot] != 0) {
          slot = (slot + 1) & next.mask;
        }
        next.hashes[slot] = movingHashes[i];
        next.refs[slot] = compact ? next.log.copy(old.log, movingRefs[i]) : movingRefs[i];
      }
      moved += count;
    }
    taken = moved;
    slots = next;
  }

  /**
   * Touches the chunk's entries in the old log and their home slots in the new generation before
   * they are moved, for the same reason as {@link #lookUp}: the old log is read in slot order, not
   * in the order it was written, so every entry is a cache miss, and touched one after the other
   * those misses overlap instead of following each other.
   */
  private void touchForCompaction(Slots old, Slots next, int count) {
    int seen = 0;
    for (int i = 0; i < count; i++) {
      seen += old.log.touch(movingRefs[i]) + next.hashes[movingHashes[i] & next.mask];
    }
    touched = seen;
  }

  /** The key's hash, never 0 (which marks a slot no key has taken). */
  private int hashOf(byte[] key) {
    int hashed = hash.applyAsInt(key);
    return hashed == 0 ? 1 : hashed;
  }
}
