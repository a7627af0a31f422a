package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.table.Table;
import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStoreFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example of persistent tables, and what it promises across a restart. */
class PersistentTablesExampleTest {
  @TempDir Path stateDirectory;

  // tag::persistent-tables[]
  static TableStoreFactory tableStores(Path stateDirectory) {
    // One RocksDB database per table, in <stateDirectory>/tables/<topic>; created if missing.
    return RocksDbStores.at(stateDirectory.resolve("tables"));
  }

  static Table<String, String> prices(Path stateDirectory) {
    return Table.builder("prices", Serdes.String(), Serdes.String())
        .store(tableStores(stateDirectory)) // instead of the in-memory default
        .buildView(); // or .buildStateTable()
  }

  // end::persistent-tables[]

  @Test
  void aTableBuiltWithTheFactoryKeepsItsEntriesInTheStateDirectory() {
    Table<String, String> table = prices(stateDirectory);

    assertThat(table.topic()).isEqualTo("prices");
    try (TableStore store = tableStores(stateDirectory).open(table.topic())) {
      assertThat(store.offsets()).isEmpty();
      assertThat(stateDirectory.resolve("tables").resolve("prices")).isDirectory();
    }
  }

  @Test
  void aRestartFindsTheEntriesAndWhereToResume() {
    try (TableStore store = tableStores(stateDirectory).open("prices")) {
      store.apply(0, List.of(new TableStore.Change(bytes("apple"), bytes("1.20"))), 118);
    }

    try (TableStore restarted = tableStores(stateDirectory).open("prices")) {

      assertThat(restarted.offsets()).containsExactly(Map.entry(0, 118L));
      assertThat(new String(restarted.get(bytes("apple")), UTF_8)).isEqualTo("1.20");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
