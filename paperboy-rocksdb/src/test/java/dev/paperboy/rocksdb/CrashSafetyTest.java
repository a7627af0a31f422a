package dev.paperboy.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import dev.paperboy.table.TableStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a JVM that is writing to a store ({@link ApplyLoopMain}), several times over, and checks
 * after each kill that the stored offsets and the stored entries agree exactly: the entries are
 * what replaying the {@link SyntheticLog} up to the stored offsets gives, the size is their count,
 * and no write the child saw return was lost.
 */
class CrashSafetyTest {
  static final String TOPIC = "table";
  private static final int ROUNDS = 3;

  @TempDir Path directory;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void killedWriterLeavesEntriesAndOffsetsInAgreement() throws Exception {
    killRepeatedly(false);
  }

  /**
   * The same, with a restore's writes (no write-ahead log, no count until the end) half the time,
   * killed in either half: what the restore wrote since its last flush may be gone, never half of a
   * write, and the count is exact again after the next open.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void killedRestoreLeavesEntriesOffsetsAndSizeInAgreement() throws Exception {
    killRepeatedly(true);
  }

  private void killRepeatedly(boolean restoring) throws Exception {
    long[] acknowledged = new long[SyntheticLog.PARTITIONS];
    for (int round = 1; round <= ROUNDS; round++) {
      // the child starts a restore's half at each odd hundred of batches
      long killAfterBatches = 1_000L * round + (restoring ? 100 : 0);
      Process child = startChild(restoring);
      try (BufferedReader output =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        String opened = output.readLine();
        assertThat(opened).as("the child's first line; its log: %s", log()).startsWith("open ");
        if (round == 1) {
          assertThatThrownBy(() -> RocksDbStores.at(directory).open(TOPIC).close())
              .isInstanceOf(PaperboyException.class)
              .hasMessageContaining(directory.resolve(TOPIC).toString())
              .hasMessageContaining("in use by another process");
        }
        acknowledged = progressUntil(output, killAfterBatches);

        child.destroyForcibly(); // SIGKILL, in the middle of the writes that follow
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }

      try (TableStore store = RocksDbStores.at(directory).open(TOPIC)) {
        Map<Integer, Long> offsets = store.offsets();
        Map<String, String> expected = SyntheticLog.replay(offsets);

        for (int p = 0; p < SyntheticLog.PARTITIONS; p++) {
          assertThat(offsets.getOrDefault(p, 0L))
              .as("partition %d: stored offset vs the last one the child saw written", p)
              .isGreaterThanOrEqualTo(acknowledged[p]);
        }
        assertThat(entries(store)).isEqualTo(expected);
        assertThat(store.size()).isEqualTo(expected.size());
        long beyond = 0;
        for (int p = 0; p < SyntheticLog.PARTITIONS; p++) {
          beyond += offsets.getOrDefault(p, 0L) - acknowledged[p];
        }
        System.out.printf(
            "round %d: killed after %d+ batches; stored offsets %s (%d records past the last"
                + " progress line), %d entries, all agree%n",
            round, killAfterBatches, offsets, beyond, expected.size());
      }
    }
  }

  /** Reads progress lines until the child applied {@code batches}; returns its next offsets. */
  private long[] progressUntil(BufferedReader output, long batches) throws IOException {
    while (true) {
      String line = output.readLine();
      assertThat(line).as("a progress line; the child's log: %s", log()).isNotNull();
      String[] parts = line.split(" ");
      if (Long.parseLong(parts[1]) >= batches) {
        long[] next = new long[SyntheticLog.PARTITIONS];
        for (int p = 0; p < next.length; p++) {
          next[p] = Long.parseLong(parts[2 + p]);
        }
        return next;
      }
    }
  }

  private Process startChild(boolean restoring) throws IOException {
    Path tmp = Files.createDirectories(directory.resolve("child-tmp"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    // RocksDB unpacks its native library into the temporary directory, and a killed JVM cannot
    // delete it: keep the copies where the test's own directory is cleaned up.
    command.add("-Djava.io.tmpdir=" + tmp);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(ApplyLoopMain.class.getName());
    command.add(directory.toString());
    if (restoring) {
      command.add("restoring");
    }
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(directory.resolve("child.log").toFile()))
        .start();
  }

  private String log() throws IOException {
    Path log = directory.resolve("child.log");
    return Files.exists(log) ? Files.readString(log, UTF_8) : "(none)";
  }

  private static Map<String, String> entries(TableStore store) {
    Map<String, String> entries = new TreeMap<>();
    store.forEach((key, value) -> entries.put(new String(key, UTF_8), new String(value, UTF_8)));
    return entries;
  }
}
