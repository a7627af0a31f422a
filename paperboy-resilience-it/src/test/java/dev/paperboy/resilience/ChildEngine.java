package dev.paperboy.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link ChildEngineMain} in a JVM of its own and reads what it handled. */
final class ChildEngine {
  private final Process process;
  private final Path handledFile;

  private ChildEngine(Process process, Path handledFile) {
    this.process = process;
    this.handledFile = handledFile;
  }

  static ChildEngine start(
      String bootstrap,
      String topic,
      String group,
      Path handledFile,
      long commitIntervalMs,
      long delayMicros,
      Path log)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ChildEngineMain.class.getName(),
            bootstrap,
            topic,
            group,
            handledFile.toString(),
            String.valueOf(commitIntervalMs),
            String.valueOf(delayMicros));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ChildEngine(process, handledFile);
  }

  /** The process id, to kill it by. */
  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: the JVM runs its shutdown hooks. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: no hook, no flush, no commit. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end and returns its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child engine " + pid() + " did not exit within " + seconds + " s");
    }
    return process.exitValue();
  }

  /** Every {@code partition:offset} line handled so far, complete lines only. */
  List<String> handled() throws IOException {
    return readHandled(handledFile);
  }

  static List<String> readHandled(Path file) throws IOException {
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

  static Path tempFile(String prefix) throws IOException {
    File file = File.createTempFile(prefix, ".txt");
    file.deleteOnExit();
    Files.delete(file.toPath());
    return file.toPath();
  }
}
