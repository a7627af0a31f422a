package dev.paperboy.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java installation a measured run can be forked on: its {@code java} executable and its feature
 * version (17, 21, 25...). Variants that need Java 21 ({@link Variant#needsJava21()}, virtual
 * threads) run on {@link #java21(String)}; all others on the harness's own JVM.
 *
 * @param java the {@code java} executable
 * @param feature the feature version, from the installation's {@code release} file
 */
record Jdk(Path java, int feature) {
  /** Where the machine's Temurin 25 lives, if it has one: the fallback for Java 21 variants. */
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)");

  /** The JVM running this code. */
  static Jdk current() {
    return new Jdk(
        Path.of(System.getProperty("java.home"), "bin", "java"), Runtime.version().feature());
  }

  /**
   * A Java 21 or newer for the variants that need it: {@code configured} ({@code bench.jdk21}, a
   * JDK home or its {@code java}) if given, else this JVM if it is new enough, else {@link
   * #TEMURIN_25} if installed; empty when none. Throws if {@code configured} is not a Java 21+.
   */
  static Optional<Jdk> java21(String configured) {
    if (configured != null && !configured.isBlank()) {
      Jdk jdk = at(Path.of(configured.trim()));
      if (jdk.feature() < 21) {
        throw new IllegalArgumentException(
            "bench.jdk21 must be a Java 21 or newer: " + configured + " is Java " + jdk.feature());
      }
      return Optional.of(jdk);
    }
    if (Runtime.version().feature() >= 21) {
      return Optional.of(current());
    }
    if (Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
      return Optional.of(at(TEMURIN_25));
    }
    return Optional.empty();
  }

  /** The installation at {@code path}: a JDK home, or the {@code java} inside one. */
  static Jdk at(Path path) {
    Path home = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent().getParent();
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new IllegalArgumentException("no java executable at " + java);
    }
    return new Jdk(java, featureOf(home));
  }

  private static int featureOf(Path home) {
    try {
      List<String> release = Files.readAllLines(home.resolve("release"));
      for (String line : release) {
        Matcher matcher = VERSION.matcher(line);
        if (matcher.find()) {
          return Integer.parseInt(matcher.group(1));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the Java version of " + home, e);
    }
    throw new IllegalArgumentException("no JAVA_VERSION in " + home.resolve("release"));
  }

  @Override
  public String toString() {
    return java + " (Java " + feature + ")";
  }
}
