package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every Java block in it must be preceded by a marker naming a source file
 * and tag ({@code <!-- path#tag -->}), and must be exactly the code between {@code // tag::tag[]}
 * and {@code // end::tag[]} in that file, which this build compiles and tests.
 */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern BLOCK =
      Pattern.compile("(?:<!-- (\\S+)#(\\S+) -->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyJavaBlockOfTheReadmeIsCompiledSource() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher blocks = BLOCK.matcher(readme);
    List<String> problems = new ArrayList<>();
    int checked = 0;

    while (blocks.find()) {
      checked++;
      if (blocks.group(1) == null) {
        problems.add("a java block without a source marker:\n" + blocks.group(3));
        continue;
      }
      String expected = tagged(ROOT.resolve(blocks.group(1)), blocks.group(2));
      if (!normalize(blocks.group(3)).equals(expected)) {
        problems.add(
            blocks.group(1) + "#" + blocks.group(2) + " differs; the source says:\n" + expected);
      }
    }

    assertThat(problems).isEmpty();
    assertThat(checked).as("java blocks in the README").isGreaterThanOrEqualTo(10);
  }

  private static String tagged(Path source, String tag) throws IOException {
    List<String> regions = new ArrayList<>();
    List<String> current = null;
    for (String line : Files.readAllLines(source, StandardCharsets.UTF_8)) {
      if (line.trim().equals("// tag::" + tag + "[]")) {
        current = new ArrayList<>();
      } else if (line.trim().equals("// end::" + tag + "[]")) {
        regions.add(normalize(String.join("\n", current)));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    assertThat(regions).as("regions tagged %s in %s", tag, source).isNotEmpty();
    return String.join("\n", regions); // each region ends with a newline: one blank line between
  }

  /** Without common indentation, trailing spaces, and blank lines at either end. */
  private static String normalize(String code) {
    List<String> lines = new ArrayList<>(List.of(code.split("\n", -1)));
    while (!lines.isEmpty() && lines.get(0).isBlank()) {
      lines.remove(0);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      String stripped = line.isBlank() ? "" : line.substring(indent).stripTrailing();
      out.append(stripped).append('\n');
    }
    return out.toString();
  }
}
