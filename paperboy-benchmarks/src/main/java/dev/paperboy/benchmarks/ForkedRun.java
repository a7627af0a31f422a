package dev.paperboy.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link VariantMain} in a child JVM (this JVM's {@code java}, or the Java 21+ one for a
 * variant that {@linkplain Variant#needsJava21() needs it}; this JVM's class path and the
 * configured options) and reads back its {@link Measurement}. The child's log goes to this
 * process's standard error. A child that outlives the run timeout (plus a minute for JVM start and
 * shutdown, and a run timeout per warm-up pass) is killed: its own process, by its handle.
 */
final class ForkedRun {
  private static final Duration GRACE = Duration.ofMinutes(1);

  private final List<String> jvmArgs;
  private final String classPath;
  private final Duration timeout;
  private final int warmupPasses;
  private final Optional<Jdk> java21;
  private final long brokerPid;

  /** {@code brokerPid} is the process that runs the broker, whose CPU the run reports apart. */
  ForkedRun(
      List<String> jvmArgs,
      String classPath,
      Duration timeout,
      int warmupPasses,
      Optional<Jdk> java21,
      long brokerPid) {
    this.brokerPid = brokerPid;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.classPath = classPath;
    this.timeout = timeout;
    this.warmupPasses = warmupPasses;
    this.java21 = java21;
  }

  /** Whether this machine has a JVM for {@code variant}. */
  boolean canRun(Variant variant) {
    return !variant.needsJava21() || java21.isPresent();
  }

  /** The {@code java} that runs {@code variant}. */
  Jdk jdkFor(Variant variant) {
    if (!variant.needsJava21()) {
      return Jdk.current();
    }
    return java21.orElseThrow(
        () -> new IllegalStateException(variant.id() + " needs Java 21+: set bench.jdk21"));
  }

  /** Runs {@code variant} with a fresh consumer {@code group} and returns what it measured. */
  Measurement run(Variant variant, Workload workload, String group)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(jdkFor(variant).java().toString());
    command.addAll(jvmArgs);
    command.add("-D" + Broker.PID_PROPERTY + "=" + brokerPid);
    command.add("-cp");
    command.add(classPath);
    command.add(VariantMain.class.getName());
    command.add(variant.id());
    command.add(workload.bootstrapServers());
    command.add(workload.topic());
    command.add(Integer.toString(workload.partitions()));
    command.add(Integer.toString(workload.keys()));
    command.add(Long.toString(workload.records()));
    command.add(Long.toString(workload.ioWait().micros()));
    command.add(Integer.toString(workload.inFlight()));
    command.add(Integer.toString(workload.vtInFlight()));
    command.add(group);
    command.add(Long.toString(timeout.toSeconds()));
    command.add(Integer.toString(warmupPasses));
    Path output = Files.createTempFile("paperboy-bench-" + variant.id() + "-", ".out");
    try {
      Process child =
          new ProcessBuilder(command)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      long waitMs = timeout.multipliedBy(1 + warmupPasses).plus(GRACE).toMillis();
      if (!child.waitFor(waitMs, TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            variant.id() + " run (pid " + child.pid() + ") did not end within " + waitMs + " ms");
      }
      List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
      if (child.exitValue() != 0) {
        throw new IllegalStateException(
            variant.id() + " run failed with exit code " + child.exitValue() + ": " + lines);
      }
      return Measurement.parse(lines);
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
