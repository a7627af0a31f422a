package dev.paperboy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.internal.Eventually;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class SingleWriterMapTest {

  @Test
  void holdsWhatAMapHoldsThroughPutsDeletesResizesAndClears() {
    SingleWriterMap map = new SingleWriterMap();
    Map<Bytes, byte[]> expected = new HashMap<>();
    Random random = new Random(42);
    for (int batch = 0; batch < 4_000; batch++) {
      map.apply(randomBatch(random, 1 + random.nextInt(100), 5_000, 5, expected));
      assertThat(map.size()).as("size after batch %d", batch).isEqualTo(expected.size());
      byte[] probe = bytes("key-" + random.nextInt(5_000));
      assertThat(map.get(probe)).isEqualTo(expected.get(Bytes.wrap(probe)));
      if (batch == 2_000) {
        map.clear();
        expected.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(probe)).isNull();
      }
    }
    assertThat(contents(map)).isEqualTo(valuesAsBytes(expected));
  }

  /**
   * Values from empty to larger than a log chunk, and an empty key, through chunk boundaries,
   * replacements, deletes and compactions (a map compacting at 256 KiB of garbage).
   */
  @Test
  void entriesOfEverySizeSurviveChunkBoundariesAndCompactions() {
    SingleWriterMap map = new SingleWriterMap(new KeyHash()::of, 256 * 1024);
    Map<Bytes, byte[]> expected = new HashMap<>();
    Random random = new Random(7);
    int[] sizes = {0, 1, 100, 4_000, 5_000, 100_000, 140_000, EntryLog.CHUNK_BYTES + 10};
    for (int round = 0; round < 300; round++) {
      List<TableStore.Change> changes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        byte[] key = random.nextInt(50) == 0 ? new byte[0] : bytes("key-" + random.nextInt(40));
        byte[] value = null;
        if (random.nextInt(5) > 0) {
          value = new byte[sizes[random.nextInt(sizes.length)]];
          random.nextBytes(value);
        }
        changes.add(new TableStore.Change(key, value));
        if (value == null) {
          expected.remove(Bytes.wrap(key));
        } else {
          expected.put(Bytes.wrap(key), value);
        }
      }
      map.apply(changes);
      assertThat(map.size()).isEqualTo(expected.size());
      if (round % 10 == 0) {
        assertThat(contents(map)).as("after round %d", round).isEqualTo(valuesAsBytes(expected));
      }
    }
    assertThat(contents(map)).isEqualTo(valuesAsBytes(expected));
    expected.forEach((key, value) -> assertThat(map.get(key.get())).isEqualTo(value));
  }

  /** An entry of an empty key and an empty value, only its header, that ends its chunk exactly. */
  @Test
  void headerOnlyEntryEndingItsChunkIsFoundAgain() {
    SingleWriterMap map = new SingleWriterMap();
    map.apply(
        List.of(
            new TableStore.Change(bytes("a"), new byte[4096 - 8 - 1 - 8]), // the first chunk: 4 KiB
            new TableStore.Change(new byte[0], new byte[0])));

    map.apply(List.of(change(new byte[0], "x")));

    assertThat(map.get(new byte[0])).isEqualTo(bytes("x"));
    assertThat(map.size()).isEqualTo(2);
  }

  /** Values rewritten over and over: the log is compacted, not left to grow with every write. */
  @Test
  void logStaysWithinTwiceItsLiveBytesAndTheGarbageFloor() {
    int minGarbage = 64 * 1024;
    SingleWriterMap map = new SingleWriterMap(new KeyHash()::of, minGarbage);
    int keys = 1_000;
    long live = 0;
    long largest = 0;
    for (int round = 0; round < 300; round++) {
      List<TableStore.Change> changes = new ArrayList<>();
      live = 0;
      for (int key = 0; key < keys; key++) {
        byte[] name = bytes("key-" + key);
        changes.add(new TableStore.Change(name, new byte[100]));
        live += 8 + name.length + 100;
      }
      map.apply(changes);
      largest = Math.max(largest, map.logBytes());
    }

    assertThat(largest).as("the log's largest size").isLessThanOrEqualTo(2 * live + minGarbage);
    assertThat(map.size()).isEqualTo(keys);
  }

  /**
   * Long keys with short values, all deleted: their entries are garbage, so the log is compacted
   * down to the floor instead of keeping every deleted key's bytes.
   */
  @Test
  void deletedKeysEntriesCountAsGarbage() {
    int minGarbage = 64 * 1024;
    SingleWriterMap map = new SingleWriterMap(new KeyHash()::of, minGarbage);
    List<TableStore.Change> puts = new ArrayList<>();
    List<TableStore.Change> deletes = new ArrayList<>();
    for (int key = 0; key < 1_000; key++) {
      byte[] name = new byte[1_000];
      ByteBuffer.wrap(name).putInt(key);
      puts.add(new TableStore.Change(name, new byte[1]));
      deletes.add(new TableStore.Change(name, null));
    }
    map.apply(puts);
    long full = map.logBytes();
    map.apply(deletes);

    assertThat(full).as("the log with every key").isGreaterThan(1_000_000);
    assertThat(map.logBytes()).as("the log once they are deleted").isLessThanOrEqualTo(minGarbage);
    assertThat(map.size()).isZero();
  }

  @Test
  void keysOfEqualHashStayApartAndADeletedOneCanComeBack() {
    byte[] aa = bytes("Aa");
    byte[] bb = bytes("BB");
    SingleWriterMap map = new SingleWriterMap(key -> 0); // every key in one slot chain

    map.apply(List.of(change(aa, "1"), change(bb, "2")));
    map.apply(List.of(new TableStore.Change(aa, null)));

    assertThat(map.get(aa)).isNull();
    assertThat(map.get(bb)).isEqualTo(bytes("2"));
    assertThat(map.size()).isEqualTo(1);
    map.apply(List.of(change(bytes("Aa"), "3")));
    assertThat(map.get(aa)).isEqualTo(bytes("3"));
    assertThat(map.size()).isEqualTo(2);
    assertThat(contents(map)).containsOnlyKeys(Bytes.wrap(aa), Bytes.wrap(bb));
  }

  @Test
  void oneSlotChainHoldsWhatAMapHoldsThroughDeletesAndResizes() {
    SingleWriterMap map = new SingleWriterMap(key -> 42);
    Map<Bytes, byte[]> expected = new HashMap<>();
    Random random = new Random(7);
    for (int batch = 0; batch < 200; batch++) {
      map.apply(randomBatch(random, 20, 300, 3, expected));
    }

    assertThat(map.size()).isEqualTo(expected.size());
    assertThat(contents(map)).isEqualTo(valuesAsBytes(expected));
    for (int i = 0; i < 300; i++) {
      byte[] key = bytes("key-" + i);
      assertThat(map.get(key)).isEqualTo(expected.get(Bytes.wrap(key)));
    }
  }

  @Test
  void deletingAnAbsentKeyChangesNothing() {
    SingleWriterMap map = new SingleWriterMap();
    map.apply(List.of(new TableStore.Change(bytes("ghost"), null)));

    assertThat(map.size()).isZero();
    assertThat(contents(map)).isEmpty();
  }

  @Test
  void aChangeWithoutAKeyIsRefused() {
    SingleWriterMap map = new SingleWriterMap();
    List<TableStore.Change> changes = new ArrayList<>();
    changes.add(new TableStore.Change(null, bytes("value")));

    assertThatThrownBy(() -> map.apply(changes))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("needs a key");
    assertThat(map.size()).isZero();
  }

  @Test
  void shrinksOnceMostKeysAreDeletedAndKeepsTheRest() {
    SingleWriterMap map = new SingleWriterMap();
    Map<Bytes, byte[]> expected = new HashMap<>();
    List<TableStore.Change> changes = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      changes.add(change(bytes("old-" + i), "v" + i));
    }
    map.apply(changes);
    changes.clear();
    for (int i = 0; i < 9_900; i++) {
      changes.add(new TableStore.Change(bytes("old-" + i), null));
    }
    for (int i = 9_900; i < 10_000; i++) {
      expected.put(Bytes.wrap(bytes("old-" + i)), bytes("v" + i));
    }
    for (int i = 0; i < 20_000; i++) { // fills the deleted keys' slots until a resize drops them
      byte[] key = bytes("new-" + i);
      changes.add(change(key, "n" + i));
      expected.put(Bytes.wrap(key), bytes("n" + i));
    }
    map.apply(changes);

    assertThat(map.size()).isEqualTo(expected.size());
    assertThat(contents(map)).isEqualTo(valuesAsBytes(expected));
  }

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

  /**
   * {@code size} changes of keys {@code "key-0"} to {@code "key-<keys - 1>"}, one in {@code
   * deleteOneIn} a delete, the others fresh values, applied to {@code expected} as well.
   */
  private static List<TableStore.Change> randomBatch(
      Random random, int size, int keys, int deleteOneIn, Map<Bytes, byte[]> expected) {
    List<TableStore.Change> changes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      byte[] key = bytes("key-" + random.nextInt(keys));
      byte[] value = random.nextInt(deleteOneIn) == 0 ? null : bytes("value-" + random.nextLong());
      changes.add(new TableStore.Change(key, value));
      if (value == null) {
        expected.remove(Bytes.wrap(key));
      } else {
        expected.put(Bytes.wrap(key), value);
      }
    }
    return changes;
  }

  /** What {@code map} holds, its values as {@code Bytes}, so that maps compare values' bytes. */
  private static Map<Bytes, Bytes> contents(SingleWriterMap map) {
    Map<Bytes, Bytes> contents = new HashMap<>();
    map.forEach(
        (key, value) ->
            assertThat(contents.put(Bytes.wrap(key), Bytes.wrap(value)))
                .as("a key met twice")
                .isNull());
    return contents;
  }

  private static Map<Bytes, Bytes> valuesAsBytes(Map<Bytes, byte[]> map) {
    Map<Bytes, Bytes> converted = new HashMap<>();
    map.forEach((key, value) -> converted.put(key, Bytes.wrap(value)));
    return converted;
  }

  private static TableStore.Change change(byte[] key, String value) {
    return new TableStore.Change(key, bytes(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
