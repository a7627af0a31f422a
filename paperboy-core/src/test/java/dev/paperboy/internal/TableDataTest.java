package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.table.TableStore;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class TableDataTest {
  private final FakeStore store = new FakeStore();
  private final TableData data = new TableData(store);

  @Test
  void ownWriteIsVisibleAtOnceWithoutReachingTheStore() {
    data.written(b("k"), b("v"));

    assertThat(s(data.get(b("k")))).isEqualTo("v");
    assertThat(data.size()).isEqualTo(1);
    assertThat(store.entries).isEmpty();
  }

  @Test
  void ownWriteLeavesTheOverlayOnceReadBackAfterItsAcknowledgement() {
    long seq = data.written(b("k"), b("v"));
    data.acknowledged(b("k"), seq, 0, 5);

    data.apply(0, List.of(new TableStore.Change(b("k"), b("v"))), 6);
    data.apply(0, List.of(new TableStore.Change(b("k"), b("other instance"))), 7);

    assertThat(s(data.get(b("k")))).isEqualTo("other instance");
  }

  @Test
  void acknowledgementArrivingAfterTheReaderPassedRemovesTheWriteAtOnce() {
    long seq = data.written(b("k"), b("v"));
    data.apply(0, List.of(new TableStore.Change(b("k"), b("v"))), 6);
    data.acknowledged(b("k"), seq, 0, 5);

    data.apply(0, List.of(new TableStore.Change(b("k"), b("later"))), 7);

    assertThat(s(data.get(b("k")))).isEqualTo("later");
  }

  @Test
  void laterWriteOfAKeyStaysWhenAnEarlierOneIsReadBack() {
    long first = data.written(b("k"), b("1"));
    data.written(b("k"), b("2"));
    data.acknowledged(b("k"), first, 0, 5);

    data.apply(0, List.of(new TableStore.Change(b("k"), b("1"))), 6);

    assertThat(s(data.get(b("k")))).isEqualTo("2");
  }

  @Test
  void failedWriteIsWithdrawn() {
    store.apply(0, List.of(new TableStore.Change(b("k"), b("stored"))), 1);
    long seq = data.written(b("k"), null);
    assertThat(data.get(b("k"))).isNull();
    assertThat(data.size()).isZero();

    data.failed(b("k"), seq);

    assertThat(s(data.get(b("k")))).isEqualTo("stored");
  }

  @Test
  void aFailedWriteShowsTheEarlierAcknowledgedWriteNotYetReadBack() {
    store.apply(0, List.of(new TableStore.Change(b("k"), b("stored"))), 1);
    long first = data.written(b("k"), b("1"));
    data.acknowledged(b("k"), first, 0, 5);
    long second = data.written(b("k"), b("2"));

    data.failed(b("k"), second);

    assertThat(s(data.get(b("k")))).isEqualTo("1");
    assertThat(data.size()).isEqualTo(1);
    data.apply(0, List.of(new TableStore.Change(b("k"), b("1"))), 6);
    assertThat(s(data.get(b("k")))).isEqualTo("1");
  }

  @Test
  void anEarlierWriteAcknowledgedAfterALaterOneWasSentShowsIfTheLaterOneFails() {
    long first = data.written(b("k"), b("1"));
    long second = data.written(b("k"), b("2"));
    data.acknowledged(b("k"), first, 0, 5);

    data.failed(b("k"), second);

    assertThat(s(data.get(b("k")))).isEqualTo("1");
    data.apply(0, List.of(new TableStore.Change(b("k"), b("1"))), 6);
    data.apply(0, List.of(new TableStore.Change(b("k"), b("other instance"))), 7);
    assertThat(s(data.get(b("k")))).isEqualTo("other instance");
  }

  @Test
  void iterationShowsOwnWritesOverStoredValues() {
    store.apply(
        0,
        List.of(new TableStore.Change(b("a"), b("1")), new TableStore.Change(b("b"), b("2"))),
        2);
    data.written(b("a"), b("own"));
    data.written(b("b"), null);
    data.written(b("c"), b("3"));

    Map<String, String> seen = new HashMap<>();
    data.forEach((k, v) -> seen.put(s(k), s(v)));

    assertThat(seen).containsOnly(Map.entry("a", "own"), Map.entry("c", "3"));
    assertThat(data.size()).isEqualTo(2);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** A store of strings, enough to watch what the table writes to it. */
  static class FakeStore implements TableStore {
    final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    final Map<Integer, Long> offsets = new ConcurrentHashMap<>();
    final List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @Override
    public Map<Integer, Long> offsets() {
      return Map.copyOf(offsets);
    }

    /** Counted down as an apply begins, once {@link #holdApplies} was called. */
    final CountDownLatch applying = new CountDownLatch(1);

    /** Lets held applies go on. */
    final CountDownLatch release = new CountDownLatch(1);

    /** The thread of the last apply. */
    volatile String applyThread;

    private volatile boolean hold;
    private volatile Throwable failure;

    /** Makes every apply wait for {@link #release} before it writes. */
    void holdApplies() {
      hold = true;
    }

    /** Makes every apply throw {@code e} (unchecked, or an error) before it writes. */
    void failApplies(Throwable e) {
      if (!(e instanceof RuntimeException || e instanceof Error)) {
        throw new IllegalArgumentException("an apply throws no checked exception: " + e);
      }
      failure = e;
    }

    @Override
    public void apply(int partition, List<Change> changes, long nextOffset) {
      applyThread = Thread.currentThread().getName();
      if (failure instanceof Error error) {
        throw error;
      }
      if (failure != null) {
        throw (RuntimeException) failure;
      }
      if (hold) {
        applying.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      changes.forEach(
          c -> {
            if (c.value() == null) {
              entries.remove(s(c.key()));
            } else {
              entries.put(s(c.key()), c.value());
            }
          });
      offsets.put(partition, nextOffset);
      calls.add("apply " + partition + " up to " + nextOffset);
    }

    @Override
    public void restoring(long offsets) {
      calls.add("restoring " + offsets);
    }

    @Override
    public void restored() {
      calls.add("restored");
    }

    @Override
    public byte[] get(byte[] key) {
      return entries.get(s(key));
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
      entries.forEach((k, v) -> action.accept(b(k), v));
    }

    @Override
    public long size() {
      return entries.size();
    }

    @Override
    public void clear() {
      entries.clear();
      offsets.clear();
    }

    @Override
    public void close() {}
  }
}
