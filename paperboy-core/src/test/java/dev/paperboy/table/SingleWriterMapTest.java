package dev.paperboy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
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
      List<TableStore.Change> changes = new ArrayList<>();
      int size = 1 + random.nextInt(100);
      for (int i = 0; i < size; i++) {
        byte[] key = bytes("key-" + random.nextInt(5_000));
        byte[] value = random.nextInt(5) == 0 ? null : bytes("value-" + batch + "-" + i);
        changes.add(new TableStore.Change(key, value));
        if (value == null) {
          expected.remove(Bytes.wrap(key));
        } else {
          expected.put(Bytes.wrap(key), value);
        }
      }
      map.apply(changes);
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
    assertThat(contents(map)).isEqualTo(expected);
  }

  @Test
  void keysOfEqualHashStayApartAndADeletedOneCanComeBack() {
    // "Aa" and "BB" have the same Arrays.hashCode, so they share a slot chain
    byte[] aa = bytes("Aa");
    byte[] bb = bytes("BB");
    SingleWriterMap map = new SingleWriterMap();

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

  /**
   * One writer raises each key's version while readers read: a reader never sees another key's
   * value, never sees a key's value go back to an older version or disappear, and an iteration
   * meets each key at most once; afterwards everything shows the last version.
   */
  @Test
  void readersSeeEachKeysValuesInOrderWhileTheWriterPutsAndResizes() throws Exception {
    int keys = 20_000;
    int versions = 30;
    SingleWriterMap map = new SingleWriterMap();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int seed = r;
      readers.add(
          new Thread(
              () -> {
                try {
                  read(map, keys, writing, new Random(seed));
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              }));
    }
    readers.forEach(Thread::start);
    for (int version = 0; version < versions; version++) {
      List<TableStore.Change> changes = new ArrayList<>();
      for (int key = 0; key < keys; key++) {
        changes.add(new TableStore.Change(key(key), value(key, version)));
      }
      map.apply(changes);
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join(60_000);
      assertThat(reader.isAlive()).as("a reader still running").isFalse();
    }

    assertThat(failure.get()).isNull();
    assertThat(map.size()).isEqualTo(keys);
    for (int key = 0; key < keys; key++) {
      assertThat(map.get(key(key))).isEqualTo(value(key, versions - 1));
    }
  }

  private static void read(SingleWriterMap map, int keys, AtomicBoolean writing, Random random) {
    int[] lastSeen = new int[keys];
    java.util.Arrays.fill(lastSeen, -1);
    while (writing.get()) {
      for (int i = 0; i < 1_000; i++) {
        int key = random.nextInt(keys);
        byte[] value = map.get(key(key));
        if (value == null) {
          assertThat(lastSeen[key]).as("key %d disappeared", key).isEqualTo(-1);
          continue;
        }
        ByteBuffer read = ByteBuffer.wrap(value);
        assertThat(read.getInt()).as("the key a value belongs to").isEqualTo(key);
        int version = read.getInt();
        assertThat(version).as("version of key %d", key).isGreaterThanOrEqualTo(lastSeen[key]);
        lastSeen[key] = version;
      }
      Set<Integer> met = new HashSet<>();
      map.forEach(
          (key, value) -> {
            int id = ByteBuffer.wrap(key).getInt();
            assertThat(ByteBuffer.wrap(value).getInt()).isEqualTo(id);
            assertThat(met.add(id)).as("key %d met twice in one iteration", id).isTrue();
          });
    }
  }

  private static byte[] key(int key) {
    return ByteBuffer.allocate(4).putInt(key).array();
  }

  private static byte[] value(int key, int version) {
    return ByteBuffer.allocate(8).putInt(key).putInt(version).array();
  }

  private static Map<Bytes, byte[]> contents(SingleWriterMap map) {
    Map<Bytes, byte[]> contents = new HashMap<>();
    map.forEach(
        (key, value) ->
            assertThat(contents.put(Bytes.wrap(key), value)).as("a key met twice").isNull());
    return contents;
  }

  private static TableStore.Change change(byte[] key, String value) {
    return new TableStore.Change(key, bytes(value));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
