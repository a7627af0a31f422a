package dev.paperboy.benchmarks;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's handle on one {@link ScaleOutMember} JVM: starts it, follows its output lines (its
 * partitions and how many records it handled), tells it to leave, and reads what it handled once it
 * is gone. A member that does not leave in time is killed: its own process, by its handle.
 */
final class MemberProcess {
  private static final Logger log = LoggerFactory.getLogger(MemberProcess.class);
  private static final long LEAVE_TIMEOUT_SECONDS = 90;

  private final String name;
  private final Process process;
  private final Path output;
  private final Assignments assignments;
  private volatile long handled;
  private volatile String failure;
  private final CountDownLatch starting = new CountDownLatch(1);
  private volatile long startingMicros;

  private MemberProcess(String name, Process process, Path output, Assignments assignments) {
    this.name = name;
    this.process = process;
    this.output = output;
    this.assignments = assignments;
  }

  /** Starts a member JVM named {@code name} in {@code group}, reporting to {@code assignments}. */
  static MemberProcess start(
      String name,
      List<String> jvmArgs,
      String bootstrapServers,
      String topic,
      String group,
      Protocol protocol,
      Assignments assignments)
      throws IOException {
    Path output = Files.createTempFile("paperboy-scale-" + name + "-", ".bin");
    List<String> command = new ArrayList<>();
    command.add(Jdk.current().java().toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScaleOutMember.class.getName());
    command.add(bootstrapServers);
    command.add(topic);
    command.add(group);
    command.add(protocol.id());
    command.add(output.toString());
    command.add(name);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    MemberProcess member = new MemberProcess(name, process, output, assignments);
    Thread reader = new Thread(member::follow, "scale-follow-" + name);
    reader.setDaemon(true);
    reader.start();
    return member;
  }

  String name() {
    return name;
  }

  /** Records the member said it handled, so far. */
  long handled() {
    return handled;
  }

  /** Why the member's engine failed, or null. */
  String failure() {
    return failure;
  }

  /**
   * Waits until the member's JVM is up and its engine starts; returns when (micros). Throws if it
   * does not within {@code timeoutMillis}.
   */
  long awaitStarting(long timeoutMillis) throws InterruptedException {
    if (!starting.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "member " + name + " did not start in " + timeoutMillis + " ms");
    }
    return startingMicros;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Tells the member to close its engine gracefully and waits until its JVM ended. */
  void leave() throws IOException, InterruptedException {
    if (process.isAlive()) {
      try {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write("leave\n");
        in.flush();
        in.close();
      } catch (IOException e) {
        // It is ending already.
      }
    }
    if (!process.waitFor(LEAVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      log.warn("Member {} (pid {}) did not leave in time: killing it", name, process.pid());
      kill();
    }
  }

  /** Ends the member's JVM at once (its process only). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** What the member handled: triples of sequence, partition, micros; call after it left. */
  List<long[]> records() throws IOException {
    List<long[]> records = new ArrayList<>();
    try (InputStream file = Files.newInputStream(output);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(file))) {
      while (true) {
        records.add(new long[] {in.readLong(), in.readLong(), in.readLong()});
      }
    } catch (EOFException end) {
      return records;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private void follow() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith(ScaleOutMember.PREFIX + " ")) {
          continue;
        }
        String[] words = line.split(" ", 4);
        switch (words[1]) {
          case "ASSIGNMENT" -> assignments.update(name, Long.parseLong(words[2]), words[3]);
          case "HANDLED", "LEFT" -> handled = Long.parseLong(words[2]);
          case "STARTING" -> {
            startingMicros = Long.parseLong(words[2]);
            starting.countDown();
          }
          case "FAILED" -> failure = line.substring(line.indexOf("FAILED") + 7);
          default -> log.warn("Member {}: unknown line {}", name, line);
        }
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Member {}: cannot read its output: {}", name, e.toString());
    }
    assignments.update(name, ScaleOutMember.nowMicros(), "-");
  }
}
