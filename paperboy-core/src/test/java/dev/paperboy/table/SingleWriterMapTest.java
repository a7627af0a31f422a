package dev.paperboy.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
