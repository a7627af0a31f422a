package dev.paperboy.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * The memory store's entries: a hash map from byte-array keys (compared by content) to byte-array
 * values, written by one thread only and read by any, made for restoring a table fast.
 *
 * <p>A restore puts one record after another under keys spread over a map too large for the CPU's
 * caches, so a put costs what its cache misses cost: a {@code ConcurrentHashMap<Bytes, byte[]>}
 * misses on its bin, its node, the key's wrapper and the key's bytes, one after the other (about
 * 0.6 µs a put, more than reading the record from Kafka). This map keeps, per slot, the key's hash
 * in one array and the key and value next to each other in another (open addressing, linear
 * probing), so a put misses on the slot's two arrays, which it reads side by side, and then on the
 * stored key's bytes; and {@link #apply} touches a chunk of keys' slots and stored keys before it
 * writes them, so that those misses overlap instead of following each other. Keys are hashed with a
 * secret key of the map's own ({@link KeyHash}), so that no writer of the topic can pile keys into
 * one slot chain.
 *
 * <p>Thread safety rests on the single writer: a new key's slot is filled (key, value) before its
 * hash is published with release semantics, a changed value is published with release semantics,
 * and readers read the hash and the value with acquire semantics; a resize fills a new set of
 * arrays and then publishes it through a volatile field. A reader therefore sees, per key, either
 * nothing or a value the writer wrote, never a half-written slot. A deleted key keeps its slot,
 * with no value, until the next resize drops it.
 */
final class SingleWriterMap {
  private static final VarHandle HASHES = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final int MIN_CAPACITY = 16;
  private static final int MAX_CAPACITY = 1 << 29; // two entries per slot must fit one array

  /** The keys a map holds at most: a resize makes room for four times its keys. */
  private static final int MAX_KEYS = MAX_CAPACITY / 4;

  /** Keys looked up together before they are written: enough to overlap their cache misses. */
  private static final int CHUNK = 64;

  private static final VarHandle SIZE;

  static {
    try {
      SIZE = MethodHandles.lookup().findVarHandle(SingleWriterMap.class, "size", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One generation of the map's arrays; a resize replaces it as a whole. */
  private static final class Slots {
    /** Per slot, the key's hash, never 0; 0 marks a slot no key has taken. */
    final int[] hashes;

    /** The key at {@code 2 * slot}, its value (or {@code null} once deleted) at {@code + 1}. */
    final Object[] entries;

    final int mask;

    Slots(int capacity) {
      hashes = new int[capacity];
      entries = new Object[2 * capacity];
      mask = capacity - 1;
    }
  }

  private final ToIntFunction<byte[]> hash;
  private volatile Slots slots = new Slots(MIN_CAPACITY);
  private volatile long size; // written with release semantics: no full fence per new key

  // The writer's alone.
  private int taken;
  private final int[] chunkHashes = new int[CHUNK];
  private int touched;

  SingleWriterMap() {
    this(new KeyHash()::of);
  }

  /** A map hashing its keys with {@code hash} (a test's way to make keys collide). */
  SingleWriterMap(ToIntFunction<byte[]> hash) {
    this.hash = hash;
  }

  /** The value stored under {@code key}, or {@code null}. Any thread. */
  byte[] get(byte[] key) {
    Slots current = slots;
    int hash = hashOf(key);
    for (int slot = hash & current.mask; ; slot = (slot + 1) & current.mask) {
      int found = (int) HASHES.getAcquire(current.hashes, slot);
      if (found == 0) {
        return null;
      }
      if (found == hash && Arrays.equals((byte[]) current.entries[2 * slot], key)) {
        return (byte[]) ENTRIES.getAcquire(current.entries, 2 * slot + 1);
      }
    }
  }

  /** Calls {@code action} with each key and value, in no promised order. Any thread. */
  void forEach(BiConsumer<byte[], byte[]> action) {
    Slots current = slots;
    for (int slot = 0; slot <= current.mask; slot++) {
      if ((int) HASHES.getAcquire(current.hashes, slot) != 0) {
        byte[] value = (byte[]) ENTRIES.getAcquire(current.entries, 2 * slot + 1);
        if (value != null) {
          action.accept((byte[]) current.entries[2 * slot], value);
        }
      }
    }
  }

  /** The number of keys with a value. Any thread. */
  long size() {
    return size;
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
    Slots current = slots;
    int[] hashes = current.hashes;
    Object[] entries = current.entries;
    int mask = current.mask;
    int seen = 0;
    for (int i = 0; i < count; i++) {
      int slot = chunkHashes[i] & mask;
      seen += hashes[slot] + (entries[2 * slot] == null ? 0 : 1);
    }
    for (int i = 0; i < count; i++) {
      int hash = chunkHashes[i];
      for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
        int found = hashes[slot];
        if (found == 0) {
          break;
        }
        if (found == hash) {
          seen += ((byte[]) entries[2 * slot]).length;
          break;
        }
      }
    }
    touched = seen; // keeps the reads from being optimized away
  }

  private void put(byte[] key, int hash, byte[] value) {
    Slots current = slots;
    for (int slot = hash & current.mask; ; slot = (slot + 1) & current.mask) {
      int found = current.hashes[slot];
      if (found == 0) {
        if (value != null) {
          if (size >= MAX_KEYS) {
            throw new IllegalStateException(
                "A table in memory holds at most " + MAX_KEYS + " keys; use a persistent store");
          }
          current.entries[2 * slot] = key;
          current.entries[2 * slot + 1] = value;
          HASHES.setRelease(current.hashes, slot, hash);
          SIZE.setRelease(this, size + 1);
          if (++taken > (current.mask + 1) / 2) {
            resize();
          }
        }
        return;
      }
      if (found == hash && Arrays.equals((byte[]) current.entries[2 * slot], key)) {
        Object old = current.entries[2 * slot + 1];
        ENTRIES.setRelease(current.entries, 2 * slot + 1, value);
        if (old == null && value != null) {
          SIZE.setRelease(this, size + 1);
        } else if (old != null && value == null) {
          SIZE.setRelease(this, size - 1);
        }
        return;
      }
    }
  }

  /**
   * Moves the keys with a value into new arrays a quarter full at most (dropping deleted keys'
   * slots), then publishes them. {@link #MAX_KEYS} keys fit a quarter of the largest arrays.
   */
  private void resize() {
    Slots old = slots;
    long wanted = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, size * 4 - 1)) << 1);
    Slots next = new Slots((int) Math.min(MAX_CAPACITY, wanted));
    int moved = 0;
    for (int from = 0; from <= old.mask; from++) {
      Object value = old.entries[2 * from + 1];
      if (value == null) {
        continue;
      }
      int hash = old.hashes[from];
      int slot = hash & next.mask;
      while (next.hashes[slot] != 0) {
        slot = (slot + 1) & next.mask;
      }
      next.hashes[slot] = hash;
      next.entries[2 * slot] = old.entries[2 * from];
      next.entries[2 * slot + 1] = value;
      moved++;
    }
    taken = moved;
    slots = next;
  }

  /** The key's hash, never 0 (which marks a slot no key has taken). */
  private int hashOf(byte[] key) {
    int hashed = hash.applyAsInt(key);
    return hashed == 0 ? 1 : hashed;
  }
}
