package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStore.Change;
import dev.paperboy.table.TableStoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStoreTest {
  @TempDir Path directory;

  @Test
  void appliedEntriesCanBeRead() {
    try (TableStore store = RocksDbStores.at(directory).open("users")) {

      store.apply(0, List.of(put("a", "1"), put("b", "2"), put("a", "3")), 3);

      assertThat(text(store.get(bytes("a")))).isEqualTo("3");
      assertThat(text(store.get(bytes("b")))).isEqualTo("2");
      assertThat(store.get(bytes("c"))).isNull();
      assertThat(store.size()).isEqualTo(2);
    }
  }

  @Test
  void aNullValueDeletesTheKey() {
    try (TableStore store = RocksDbStores.at(directory).open("users")) {
      store.apply(0, List.of(put("a", "1"), put("b", "2")), 2);

      store.apply(0, List.of(delete("a")), 3);

      assertThat(store.get(bytes("a"))).isNull();
      assertThat(text(store.get(bytes("b")))).isEqualTo("2");
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Test
  void sizeCountsEachKeyOnceWhateverTheBatchDoesWithIt() {
    try (TableStore store = RocksDbStores.at(directory).open("users")) {
      store.apply(0, List.of(put("a", "1")), 1);

      store.apply(
          0,
          List.of(
              delete("missing"), // deleting what is not there changes nothing
              put("a", "2"), // an update
              delete("a"),
              put("a", "3"), // deleted and put back in one batch
              put("b", "1"),
              delete("b"), // put and deleted in one batch
              delete("b"),
              put("c", "1")),
          9);

      assertThat(store.size()).isEqualTo(2);
      assertThat(entries(store)).containsExactly(Map.entry("a", "3"), Map.entry("c", "1"));
    }
  }

  @Test
  void sizeAndEntriesSurviveReopening() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("a", "1"), put("b", "2"), put("c", "3")), 3);
      store.apply(1, List.of(delete("b"), delete("never-stored")), 7);
    }

    try (TableStore reopened = stores.open("users")) {

      assertThat(reopened.size()).isEqualTo(2);
      assertThat(entries(reopened)).containsExactly(Map.entry("a", "1"), Map.entry("c", "3"));
      reopened.apply(0, List.of(delete("a"), put("d", "4")), 5);
      assertThat(reopened.size()).isEqualTo(2);
    }
  }

  @Test
  void offsetsArePerPartitionAndSurviveReopening() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      assertThat(store.offsets()).isEmpty();
      store.apply(0, List.of(put("a", "1")), 10);
      store.apply(2, List.of(), 42); // no entries, only progress (e.g. past compacted records)
      store.apply(0, List.of(put("b", "1")), 11);
    }

    try (TableStore reopened = stores.open("users")) {

      assertThat(reopened.offsets()).containsExactly(Map.entry(0, 11L), Map.entry(2, 42L));
    }
  }

  @Test
  void eachTopicHasADatabaseOfItsOwn() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore users = stores.open("users");
        TableStore prices = stores.open("prices")) {

      users.apply(0, List.of(put("a", "user")), 1);
      prices.apply(3, List.of(put("a", "price")), 5);

      assertThat(text(users.get(bytes("a")))).isEqualTo("user");
      assertThat(text(prices.get(bytes("a")))).isEqualTo("price");
      assertThat(users.offsets()).containsExactly(Map.entry(0, 1L));
      assertThat(Files.isDirectory(directory.resolve("prices"))).isTrue();
    }
  }

  @Test
  void clearDeletesEveryEntryAndOffsetForGood() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("", "empty key"), put("a", "1"), put("zz", "2")), 3);
      store.apply(1, List.of(put("b", "3")), 1);

      store.clear();

      assertThat(store.size()).isZero();
      assertThat(store.offsets()).isEmpty();
      assertThat(entries(store)).isEmpty();
      store.apply(0, List.of(put("a", "again")), 1);
    }

    try (TableStore reopened = stores.open("users")) {
      assertThat(entries(reopened)).containsExactly(Map.entry("a", "again"));
      assertThat(reopened.size()).isEqualTo(1);
      assertThat(reopened.offsets()).containsExactly(Map.entry(0, 1L));
    }
  }

  @Test
  void clearOfAnEmptyStoreDoesNothing() {
    try (TableStore store = RocksDbStores.at(directory).open("users")) {

      store.clear();

      assertThat(store.size()).isZero();
      assertThat(store.offsets()).isEmpty();
    }
  }

  @Test
  void forEachSeesTheEntriesAsTheyWereWhenItBegan() {
    try (TableStore store = RocksDbStores.at(directory).open("users")) {
      store.apply(0, List.of(put("a", "1"), put("b", "2")), 2);
      Map<String, String> seen = new TreeMap<>();

      store.forEach(
          (key, value) -> {
            seen.put(text(key), text(value));
            store.apply(0, List.of(put("c", "3")), 3); // the writer goes on meanwhile
          });

      assertThat(seen).containsOnlyKeys("a", "b");
      assertThat(store.size()).isEqualTo(3);
    }
  }

  @Test
  void aSecondOpenOfTheSameTableFailsNamingItsDirectory() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("a", "1")), 1);

      assertThatThrownBy(() -> stores.open("users"))
          .isInstanceOf(PaperboyException.class)
          .hasMessageContaining(directory.resolve("users").toString())
          .hasMessageContaining("in use");
    }
  }

  @Test
  void aClosedStoreRefusesCallsInsteadOfCrashing() {
    TableStore store = RocksDbStores.at(directory).open("users");
    store.apply(0, List.of(put("a", "1")), 1);

    store.close();
    store.close();

    assertThatThrownBy(() -> store.get(bytes("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.apply(0, List.of(), 2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void topicsThatAreNotKafkaNamesAreRefused() {
    TableStoreFactory stores = RocksDbStores.at(directory);

    assertThatThrownBy(() -> stores.open("../elsewhere"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stores.open("..")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void restoreThatCountsAtItsEndLeavesTheExactSizeAndEntries() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.restoring(9); // more records than keys stored (none): counted at the end

      store.apply(0, List.of(put("a", "1"), put("b", "1"), put("a", "2")), 3);
      store.apply(1, List.of(put("c", "1"), delete("b"), delete("never-stored")), 3);
      store.apply(0, List.of(put("b", "2"), put("d", "1"), delete("d")), 6);
      store.restored();

      assertThat(store.size()).isEqualTo(3);
      assertThat(entries(store))
          .containsExactly(Map.entry("a", "2"), Map.entry("b", "2"), Map.entry("c", "1"));
      store.apply(0, List.of(put("e", "1"), delete("a")), 8); // counted as it goes again
      assertThat(store.size()).isEqualTo(3);
    }

    try (TableStore reopened = stores.open("users")) {

      assertThat(reopened.size()).isEqualTo(3);
      assertThat(reopened.offsets()).containsExactly(Map.entry(0, 8L), Map.entry(1, 3L));
    }
  }

  @Test
  void storeClosedInTheMiddleOfARestoreKeepsWhatItWroteAndCountsWhenItOpens() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("a", "1")), 1);
      store.restoring(100);
      store.apply(0, List.of(put("b", "1"), put("c", "1"), delete("a")), 4);
      store.apply(1, List.of(put("d", "1"), put("b", "2")), 2);
    } // stopped before the restore ended: never restored()

    try (TableStore reopened = stores.open("users")) {

      assertThat(reopened.offsets()).containsExactly(Map.entry(0, 4L), Map.entry(1, 2L));
      assertThat(entries(reopened))
          .containsExactly(Map.entry("b", "2"), Map.entry("c", "1"), Map.entry("d", "1"));
      assertThat(reopened.size()).isEqualTo(3);
    }
  }

  @Test
  void smallRestoreOfALargerTableKeepsTheSizeExactAsItGoes() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("a", "1"), put("b", "1"), put("c", "1")), 3);

      store.restoring(2); // fewer records than keys: looked up as usual
      store.apply(0, List.of(delete("a"), put("d", "1")), 5);

      assertThat(store.size()).isEqualTo(3);
      store.restored();
      assertThat(store.size()).isEqualTo(3);
    }

    try (TableStore reopened = stores.open("users")) {

      assertThat(reopened.size()).isEqualTo(3);
      assertThat(reopened.offsets()).containsExactly(Map.entry(0, 5L));
    }
  }

  @Test
  void clearedInACountingRestoreTheStoreCountsWhatWasWrittenAfter() {
    TableStoreFactory stores = RocksDbStores.at(directory);
    try (TableStore store = stores.open("users")) {
      store.apply(0, List.of(put("a", "1"), put("b", "1")), 2);
      store.restoring(10);

      store.clear();
      store.apply(0, List.of(put("c", "1")), 1);
      store.restored();

      assertThat(store.size()).isEqualTo(1);
      assertThat(store.offsets()).containsExactly(Map.entry(0, 1L));
    }
  }

  static Change put(String key, String value) {
    return new Change(bytes(key), bytes(value));
  }

  static Change delete(String key) {
    return new Change(bytes(key), null);
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  static Map<String, String> entries(TableStore store) {
    Map<String, String> entries = new TreeMap<>();
    store.forEach((key, value) -> entries.put(text(key), text(value)));
    return entries;
  }
}
