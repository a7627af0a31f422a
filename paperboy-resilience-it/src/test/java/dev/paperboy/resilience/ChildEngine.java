package dev.paperboy.resilience;

import dev.paperboy.Ordering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ChildEngineMain} in a JVM of its own, reads what it handled and committed, and ends
 * it by SIGTERM or SIGKILL. {@link #close()} kills it if it still runs, so a failing test leaves no
 * process behind.
 */
final class ChildEngine implements AutoCloseable {
  private final Process process;
  private final Path handledFile;
  private final Path commitsFile;
  private final Path log;

  private ChildEngine(Process process, Path handledFile, Path commitsFile, Path log) {
    this.process = process;
    this.handledFile = handledFile;
    this.commitsFile = commitsFile;
    this.log = log;
  }

  static Builder builder(String bootstrap, String topic, String group) {
    return new Builder(bootstrap, topic, group);
  }

  /** The process id, to kill it by. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Where the child's standard output and error go. */
  Path log() {
    return log;
  }

  /**
   * The last {@code lines} lines of the child's output, for failure messages: the log file itself
   * is deleted when the test JVM exits.
   */
  String logTail(int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return log
          + ", last "
          + Math.min(lines, all.size())
          + " lines:\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return log + " (unreadable: " + e + ")";
    }
  }

  /** SIGTERM: the JVM runs its shutdown hooks, so the engine stops gracefully. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: no hook, no final commit. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end and returns its exit code; kills it if it does not end. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child engine " + pid() + " did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  /** Every record handled so far, in the order handled (complete lines only). */
  List<RecordId> handled() throws IOException {
    List<RecordId> records = new ArrayList<>();
    for (String line : completeLines(handledFile)) {
      records.add(RecordId.parse(line.substring(0, line.indexOf(' '))));
    }
    return records;
  }

  /**
   * The records handled so far per key ({@code -} for a null key), each key's in the order handled.
   */
  Map<String, List<RecordId>> handledByKey() throws IOException {
    Map<String, List<RecordId>> byKey = new LinkedHashMap<>();
    for (String line : completeLines(handledFile)) {
      int space = line.indexOf(' ');
      byKey
          .computeIfAbsent(line.substring(space + 1), key -> new ArrayList<>())
          .add(RecordId.parse(line.substring(0, space)));
    }
    return byKey;
  }

  /** How many records were handled so far. */
  int handledCount() {
    try {
      return completeLines(handledFile).size();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every commit the group coordinator acknowledged, in order; empty without a commits file. */
  List<AckedCommit> commits() throws IOException {
    List<AckedCommit> commits = new ArrayList<>();
    if (commitsFile != null) {
      for (String line : completeLines(commitsFile)) {
        commits.add(AckedCommit.parse(line));
      }
    }
    return commits;
  }

  /** Kills the child if it is still running and waits for it to end. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static List<String> completeLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String content = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    int newline;
    while ((newline = content.indexOf('\n', start)) >= 0) {
      lines.add(content.substring(start, newline));
      start = newline + 1;
    }
    return lines;
  }

  /** A fresh path in the temporary directory, deleted when the test JVM exits. */
  static Path tempFile(String prefix) throws IOException {
    Path file = Files.createTempFile(prefix, ".txt");
    file.toFile().deleteOnExit();
    Files.delete(file);
    return file;
  }

  /**
   * A commit the child saw acknowledged: the records it had handled by then, the committed next
   * offset per partition, and the records the commit carried as handled above those offsets (its
   * metadata under key or unordered ordering).
   */
  record AckedCommit(long handledBefore, Map<Integer, Long> offsets, Set<RecordId> carried) {
    /** The metadata format of the engine's {@code CompletedOffsets}. */
    private static final String COMPLETED_PREFIX = "pb1:";

    static AckedCommit parse(String line) {
      String[] parts = line.split(" ");
      Map<Integer, Long> offsets = new LinkedHashMap<>();
      Set<RecordId> carried = new HashSet<>();
      for (int i = 1; i < parts.length; i++) {
        int slash = parts[i].indexOf('/');
        RecordId next = RecordId.parse(slash < 0 ? parts[i] : parts[i].substring(0, slash));
        offsets.put(next.partition(), next.offset());
        if (slash >= 0) {
          carried.addAll(completedAbove(next, parts[i].substring(slash + 1)));
        }
      }
      return new AckedCommit(Long.parseLong(parts[0]), offsets, carried);
    }

    /** Bit {@code i} of the metadata's bit set: offset {@code next + i} was handled. */
    private static Set<RecordId> completedAbove(RecordId next, String metadata) {
      Set<RecordId> completed = new HashSet<>();
      if (metadata.startsWith(COMPLETED_PREFIX)) {
        BitSet bits =
            BitSet.valueOf(
                Base64.getUrlDecoder().decode(metadata.substring(COMPLETED_PREFIX.length())));
        bits.stream()
            .forEach(i -> completed.add(new RecordId(next.partition(), next.offset() + i)));
      }
      return completed;
    }
  }

  /** What the child consumes and how; {@link #start()} launches it. */
  static final class Builder {
    private final Map<String, String> arguments = new LinkedHashMap<>();
    private Path handledFile;
    private Path commitsFile;
    private Path log;

    private Builder(String bootstrap, String topic, String group) {
      arguments.put("bootstrap", bootstrap);
      arguments.put("topic", topic);
      arguments.put("group", group);
      arguments.put("commitIntervalMs", "500");
      arguments.put("delayMicros", "0");
    }

    /** Where handled records are appended ({@code partition:offset key} lines); required. */
    Builder handledFile(Path file) {
      this.handledFile = file;
      arguments.put("handled", file.toString());
      return this;
    }

    /** Where acknowledged commits are appended; none by default. */
    Builder commitsFile(Path file) {
      this.commitsFile = file;
      arguments.put("commits", file.toString());
      return this;
    }

    /** Where the child's output goes; a fresh temporary file by default. */
    Builder log(Path file) {
      this.log = file;
      return this;
    }

    Builder commitIntervalMs(long commitIntervalMs) {
      arguments.put("commitIntervalMs", String.valueOf(commitIntervalMs));
      return this;
    }

    /** How long the handler takes per record, in microseconds. */
    Builder delayMicros(long delayMicros) {
      arguments.put("delayMicros", String.valueOf(delayMicros));
      return this;
    }

    /**
     * A further random 0 to {@code jitterMicros} the handler takes per record, so that records
     * handled side by side finish out of order.
     */
    Builder jitterMicros(long jitterMicros) {
      arguments.put("jitterMicros", String.valueOf(jitterMicros));
      return this;
    }

    /** Which records of a partition the engine may handle at once; its default if not set. */
    Builder ordering(Ordering ordering) {
      arguments.put("ordering", ordering.name());
      return this;
    }

    /** How many records the engine may handle at once; its default if not set. */
    Builder handlerThreads(int handlerThreads) {
      arguments.put("handlerThreads", String.valueOf(handlerThreads));
      return this;
    }

    /**
     * The lag above which the engine consumes in bulk (lag-adaptive switching); by default it stays
     * in single mode.
     */
    Builder bulkModeThreshold(long bulkModeThreshold) {
      arguments.put("bulkModeThreshold", String.valueOf(bulkModeThreshold));
      return this;
    }

    /** Forwards every record's value to {@code topic} through the engine's {@code Sender}. */
    Builder forwardTo(String topic) {
      arguments.put("forwardTo", topic);
      return this;
    }

    /** A configuration property of the engine's producer (with {@link #forwardTo}). */
    Builder producerConfig(String name, String value) {
      arguments.put("producer." + name, value);
      return this;
    }

    /**
     * A state table on {@code changelog}, stored in RocksDB under {@code directory}: the handler
     * then writes every record {@code "value-<n>"} to it, key {@code "key-" + (n % 5000)}, value
     * {@code n}, and deletes the key instead for every thirteenth n.
     */
    Builder stateTable(String changelog, Path directory) {
      arguments.put("table", changelog);
      arguments.put("tableDirectory", directory.toString());
      return this;
    }

    /** A further consumer configuration property. */
    Builder consumerConfig(String name, String value) {
      arguments.put("consumer." + name, value);
      return this;
    }

    ChildEngine start() throws IOException {
      if (handledFile == null) {
        throw new IllegalStateException("handledFile is required");
      }
      Path output = log != null ? log : tempFile("child-engine-log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              java,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path"),
              ChildEngineMain.class.getName()));
      arguments.forEach((name, value) -> command.add(name + "=" + value));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
              .start();
      return new ChildEngine(process, handledFile, commitsFile, output);
    }
  }
}
