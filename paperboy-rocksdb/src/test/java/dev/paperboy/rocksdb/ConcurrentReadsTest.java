package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.table.TableStore;
import dev.paperboy.table.TableStore.Change;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One writer, several readers, and a close that races with the readers. */
class ConcurrentReadsTest {
  @TempDir Path directory;

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void readersSeeWhatTheWriterWroteAndACloseStopsThemCleanly() throws Exception {
    TableStore store = RocksDbStores.at(directory).open("users");
    Map<String, Throwable> failures = new ConcurrentHashMap<>();
    AtomicLong reads = new AtomicLong();
    CountDownLatch readersStarted = new CountDownLatch(2);
    Thread getter = reader("getter", failures, readersStarted, () -> get(store, reads));
    Thread iterator = reader("iterator", failures, readersStarted, () -> forEach(store, reads));
    readersStarted.await();

    long next = 0;
    for (int batch = 0; batch < 2_000; batch++) {
      long to = next + 20;
      store.apply(0, SyntheticLog.records(0, next, to), to);
      next = to;
    }
    store.close(); // while the readers are still reading
    getter.join(10_000);
    iterator.join(10_000);

    assertThat(getter.isAlive()).isFalse();
    assertThat(iterator.isAlive()).isFalse();
    assertThat(failures).isEmpty();
    assertThat(reads.get()).isPositive();
  }

  /** Reads until the store is closed; anything but the closed store's exception is a failure. */
  private static Thread reader(
      String name, Map<String, Throwable> failures, CountDownLatch started, Runnable read) {
    Thread thread =
        new Thread(
            () -> {
              started.countDown();
              try {
                while (true) {
                  read.run();
                }
              } catch (IllegalStateException closed) {
                if (!String.valueOf(closed.getMessage()).contains("closed")) {
                  failures.put(name, closed);
                }
              } catch (Throwable e) {
                failures.put(name, e);
              }
            },
            name);
    thread.start();
    return thread;
  }

  private static void get(TableStore store, AtomicLong reads) {
    for (int k = 0; k < 1000; k++) {
      checkValue(k, store.get(("0-" + k).getBytes(UTF_8)));
      reads.incrementAndGet();
    }
  }

  private static void forEach(TableStore store, AtomicLong reads) {
    store.forEach(
        (key, value) -> {
          String text = new String(key, UTF_8);
          checkValue(Integer.parseInt(text.substring(2)), value);
          reads.incrementAndGet();
        });
  }

  /** A stored value of key {@code 0-k} is the record of an offset {@code o} with o % 1000 == k. */
  private static void checkValue(int k, byte[] value) {
    if (value != null) {
      String[] parts = new String(value, UTF_8).split(":");
      Change record = SyntheticLog.record(0, Long.parseLong(parts[1]));
      assertThat(Long.parseLong(parts[1]) % 1000).isEqualTo(k);
      assertThat(record.value()).isEqualTo(value);
    }
  }
}
