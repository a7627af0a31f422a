package dev.paperboy.benchmarks;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For {@code -Dbench.heapHistograms=<directory>} in a measured JVM: writes the class histogram of
 * the live heap ({@code jcmd <pid> GC.class_histogram}, through the JVM's diagnostic command bean)
 * at each live sample of the heap benchmark, to {@code <directory>/<pid>-<sample>.txt}, headed by
 * the handled share and the live bytes the sample read, so two backlogs' samples can be diffed
 * class by class; with {@code -Dbench.heapDumps=true} also a dump of the live heap beside it
 * ({@code <pid>-<sample>.hprof}), to see which objects hold the bytes. Off by default: a histogram
 * walks the whole heap.
 */
final class HeapHistograms {
  private static final Logger log = LoggerFactory.getLogger(HeapHistograms.class);
  static final String PROPERTY = "bench.heapHistograms";
  static final String DUMPS_PROPERTY = "bench.heapDumps";

  private HeapHistograms() {}

  /** Writes live sample {@code sample}'s histogram, if a directory is set; never throws. */
  static void write(int sample, double progress, long liveBytes) {
    String directory = System.getProperty(PROPERTY);
    log.info(
        "Live sample {} at {}% handled: {} bytes",
        sample, String.format(Locale.ROOT, "%.1f", progress * 100), liveBytes);
    if (directory == null || directory.isBlank()) {
      return;
    }
    try {
      String histogram =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      Path file =
          Files.createDirectories(Path.of(directory))
              .resolve(ProcessHandle.current().pid() + "-" + sample + ".txt");
      String head =
          String.format(
              Locale.ROOT, "# sample %d handled %.4f live %d%n", sample, progress, liveBytes);
      Files.writeString(file, head + histogram, StandardCharsets.UTF_8);
      if (Boolean.getBoolean(DUMPS_PROPERTY)) {
        Path dump = file.resolveSibling(ProcessHandle.current().pid() + "-" + sample + ".hprof");
        Files.deleteIfExists(dump);
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpHeap(dump.toString(), true);
      }
    } catch (JMException | IOException | RuntimeException e) {
      log.warn("No heap histogram for live sample {}: {}", sample, e.toString());
    }
  }
}
