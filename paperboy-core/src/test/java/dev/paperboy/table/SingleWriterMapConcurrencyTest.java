package dev.paperboy.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.internal.Eventually;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link SingleWriterMap} read by several threads while its one writer puts, deletes, resizes and
 * compacts: what a reader may see, and what it never sees.
 */
class SingleWriterMapConcurrencyTest {
  /**
   * One writer raises each stable key's version, and puts and deletes other keys around them so
   * that resizes keep dropping deleted slots, while readers read: a reader never sees another key's
   * value, never sees a stable key's value go back to an older version or disappear, and an
   * iteration meets each key at most once and every stable key the reader saw before it; afterwards
   * everything shows the last version.
   */
  @Test
  void readersSeeEachKeysValuesInOrderWhileTheWriterPutsDeletesAndResizes() throws Exception {
    readersSeeEachKeysValuesInOrder(new SingleWriterMap());
  }

  /** The same with a map that compacts its log whenever 64 KiB of it are garbage. */
  @Test
  void readersSeeEachKeysValuesInOrderWhileTheWriterCompactsItsLog() throws Exception {
    readersSeeEachKeysValuesInOrder(new SingleWriterMap(new KeyHash()::of, 64 * 1024));
  }

  /**
   * The shape of a restore: one writer only adds keys, so every rebuild is a resize that keeps the
   * log, while readers read. A reader finds every key the writer had published before its read,
   * with its own value, and an iteration meets each of them exactly once.
   */
  @Test
  void readersFindEveryAddedKeyWhileResizesKeepTheLog() throws Exception {
    SingleWriterMap map = new SingleWriterMap();
    int batches = 128;
    int batch = 1_024;
    AtomicInteger published = new AtomicInteger();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger readerRounds = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      Random random = new Random(r);
      readers.add(
          new Thread(
              () -> {
                try {
                  while (writing.get()) {
                    findPublished(map, published.get(), random, readerRounds.get() % 16 == 0);
                    readerRounds.incrementAndGet();
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    readers.forEach(Thread::start);
    for (int b = 0; b < batches && failure.get() == null; b++) {
      List<TableStore.Change> changes = new ArrayList<>();
      for (int key = b * batch; key < (b + 1) * batch; key++) {
        changes.add(new TableStore.Change(key(key), value(key, 0)));
      }
      map.apply(changes);
      published.set((b + 1) * batch);
      int roundsBefore = readerRounds.get();
      Eventually.await("a reader round", () -> readerRounds.get() > roundsBefore);
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join(60_000);
      assertThat(reader.isAlive()).as("a reader still running").isFalse();
    }

    assertThat(failure.get()).isNull();
    assertThat(map.size()).isEqualTo(batches * batch);
    findPublished(map, batches * batch, new Random(2), true);
  }

  /** Checks keys below {@code published}: some at random, and all of them through an iteration. */
  private static void findPublished(
      SingleWriterMap map, int published, Random random, boolean iterate) {
    for (int i = 0; published > 0 && i < 200; i++) {
      int key = random.nextInt(published);
      byte[] value = map.get(key(key));
      check(value != null, "key %d missing though %d keys were published", key, published);
      check(Arrays.equals(value, value(key, 0)), "key %d shows another value", key);
    }
    if (iterate) {
      Set<Integer> met = new HashSet<>();
      map.forEach(
          (key, value) -> {
            int id = ByteBuffer.wrap(key).getInt();
            check(Arrays.equals(value, value(id, 0)), "key %d iterated with another value", id);
            check(met.add(id), "key %d met twice in one iteration", id);
          });
      for (int key = 0; key < published; key++) {
        check(met.contains(key), "an iteration missed key %d of %d published", key, published);
      }
    }
  }

  private static void readersSeeEachKeysValuesInOrder(SingleWriterMap map) throws Exception {
    int keys = 20_000;
    int churn = 5_000;
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger readerRounds = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = r;
      readers.add(
          new Thread(
              () -> {
                try {
                  read(map, keys, writing, readerRounds, new Random(seed));
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    readers.forEach(Thread::start);
    int version = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (version < 30 || (readerRounds.get() < 20 && System.nanoTime() < deadline)) {
      List<TableStore.Change> changes = new ArrayList<>();
      for (int key = 0; key < keys; key++) {
        changes.add(new TableStore.Change(key(key), value(key, version)));
        if (key % 4 == 0) { // a churn key of this version in, the last version's out
          int fresh = keys + version * churn + key / 4;
          changes.add(new TableStore.Change(key(fresh), value(fresh, 0)));
          changes.add(new TableStore.Change(key(fresh - churn), null));
        }
      }
      map.apply(changes);
      version++;
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join(60_000);
      assertThat(reader.isAlive()).as("a reader still running").isFalse();
    }

    assertThat(failure.get()).isNull();
    assertThat(readerRounds.get()).as("rounds the readers completed").isGreaterThanOrEqualTo(20);
    assertThat(map.size()).isEqualTo(keys + churn);
    for (int key = 0; key < keys; key++) {
      assertThat(map.get(key(key))).isEqualTo(value(key, version - 1));
    }
  }

  /** Reads until the writer is done; plain checks, as AssertJ's cost would starve the readers. */
  private static void read(
      SingleWriterMap map, int keys, AtomicBoolean writing, AtomicInteger rounds, Random random) {
    int[] lastSeen = new int[keys];
    Arrays.fill(lastSeen, -1);
    while (writing.get()) {
      for (int i = 0; i < 1_000; i++) {
        int key = random.nextInt(keys);
        byte[] value = map.get(key(key));
        if (value == null) {
          check(lastSeen[key] == -1, "key %d disappeared after version %d", key, lastSeen[key]);
          continue;
        }
        ByteBuffer read = ByteBuffer.wrap(value);
        int owner = read.getInt();
        check(owner == key, "key %d shows a value of key %d", key, owner);
        int version = read.getInt();
        check(
            version >= lastSeen[key],
            "key %d went back from %d to %d",
            key,
            lastSeen[key],
            version);
        lastSeen[key] = version;
      }
      Set<Integer> met = new HashSet<>();
      map.forEach(
          (key, value) -> {
            int id = ByteBuffer.wrap(key).getInt();
            int owner = ByteBuffer.wrap(value).getInt();
            check(owner == id, "key %d iterated with a value of key %d", id, owner);
            check(met.add(id), "key %d met twice in one iteration", id);
          });
      for (int key = 0; key < keys; key++) {
        check(lastSeen[key] < 0 || met.contains(key), "an iteration missed key %d", key);
      }
      rounds.incrementAndGet();
    }
  }

  private static void check(boolean holds, String message, Object... args) {
    if (!holds) {
      throw new AssertionError(String.format(message, args));
    }
  }

  private static byte[] key(int key) {
    return ByteBuffer.allocate(4).putInt(key).array();
  }

  private static byte[] value(int key, int version) {
    return ByteBuffer.allocate(8).putInt(key).putInt(version).array();
  }
}
