package dev.paperboy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Records the measured pass of a run with Java Flight Recorder, for {@code
 * -Dbench.jfr=<directory>}: the JVM's {@code profile} settings with Java and native method samples
 * every millisecond, written to {@code <directory>/<variant>-<group>.jfr}. Only the measured pass
 * is recorded, not the warm-up before it.
 */
final class Profiling {
  private static final Duration SAMPLE_PERIOD = Duration.ofMillis(1);

  private final Recording recording;
  private final Path file;

  private Profiling(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /** Starts a recording if {@code bench.jfr} names a directory; else one that does nothing. */
  static Profiling start(Variant variant, String group) throws IOException {
    String directory = System.getProperty("bench.jfr");
    if (directory == null || directory.isBlank()) {
      return new Profiling(null, null);
    }
    Configuration profile;
    try {
      profile = Configuration.getConfiguration("profile");
    } catch (ParseException e) {
      throw new IOException("the JVM's JFR profile settings do not parse", e);
    }
    Recording recording = new Recording(profile);
    recording.enable("jdk.ExecutionSample").withPeriod(SAMPLE_PERIOD);
    recording.enable("jdk.NativeMethodSample").withPeriod(SAMPLE_PERIOD);
    Path file =
        Files.createDirectories(Path.of(directory)).resolve(variant.id() + "-" + group + ".jfr");
    recording.start();
    return new Profiling(recording, file);
  }

  /** Stops the recording and writes it. */
  void close() throws IOException {
    if (recording != null) {
      recording.stop();
      recording.dump(file);
      recording.close();
    }
  }
}
