package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final String NL = System.lineSeparator();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final EngineObserver observer = new EngineObserver(Clock.fixed(NOW, ZoneOffset.UTC));
  private StatusLine status = line(ConsumptionMode.BULK, 45_000, 120_000);

  @Test
  void rendersThroughputLagModeAndLastCommit() {
    String line = line(ConsumptionMode.BULK, 45_000.4, 120_000).render();

    assertThat(line)
        .contains("BULK")
        .contains("45,000 rec/s")
        .contains("lag   120,000")
        .contains("eta  2.7 s")
        .contains("handled   300,000")
        .contains("last commit " + StatusLine.time(NOW) + " (290,000 offsets)");
  }

  @Test
  void unknownLagAndNoCommitYetReadAsSuch() {
    StatusLine line = new StatusLine(NOW, ConsumptionMode.SINGLE, 0, 0, -1, null, 0);

    assertThat(line.render())
        .contains("lag         ?")
        .contains("eta      ?")
        .contains("last commit none yet");
  }

  @Test
  void onATerminalTheStatusLineIsRedrawnInPlace() {
    StatusReporter reporter = new StatusReporter(out, true, () -> status, observer);

    reporter.tick();
    status = line(ConsumptionMode.SINGLE, 40, 0);
    reporter.tick();

    String first = line(ConsumptionMode.BULK, 45_000, 120_000).render();
    String second = status.render();
    assertThat(text())
        .isEqualTo("\r" + first + "\r" + second + " ".repeat(first.length() - second.length()))
        .doesNotContain(NL);
  }

  @Test
  void onATerminalEventsArePrintedAboveTheStatusLine() {
    StatusReporter reporter = new StatusReporter(out, true, () -> status, observer);
    reporter.tick();

    observer.onModeSwitched(ConsumptionMode.BULK, ConsumptionMode.SINGLE, 12);
    reporter.tick();

    String[] lines = text().split(NL);
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains("mode BULK -> SINGLE at a lag of 12 records");
    assertThat(lines[1]).startsWith("\r").contains("BULK");
  }

  @Test
  void elsewhereEveryLookIsAPlainLine() {
    StatusReporter reporter = new StatusReporter(out, false, () -> status, observer);

    reporter.tick();
    observer.onModeSwitched(ConsumptionMode.SINGLE, ConsumptionMode.BULK, 120_000);
    reporter.tick();

    String rendered = status.render();
    assertThat(text())
        .doesNotContain("\r")
        .isEqualTo(
            rendered
                + NL
                + StatusLine.time(NOW)
                + "  mode SINGLE -> BULK at a lag of 120,000 records"
                + NL
                + rendered
                + NL);
  }

  @Test
  void closingEndsTheStatusLine() {
    StatusReporter reporter = new StatusReporter(out, true, () -> status, observer);

    reporter.close();

    assertThat(text()).startsWith("\r").endsWith(NL);
  }

  private static StatusLine line(ConsumptionMode mode, double perSecond, long lag) {
    return new StatusLine(NOW, mode, perSecond, 300_000, lag, NOW, 290_000);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
