package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsEveryOptionAndExitsWithZero() {
    int status = execute("--help");

    assertThat(status).isZero();
    assertThat(text(out))
        .contains("Usage: paperboy-demo")
        .contains("--bootstrap-servers")
        .contains("--duration")
        .contains("Default: 30s")
        .contains("--records")
        .contains("Default: 300000")
        .contains("--rate")
        .contains("--partitions")
        .contains("--bulk-threshold");
  }

  @Test
  void defaultsAreTheDemoOptionsDefaults() {
    Demo demo = new Demo();
    new CommandLine(demo).parseArgs();

    assertThat(demo.options()).isEqualTo(DemoOptions.defaults());
  }

  @Test
  void optionsReachTheRun() {
    Demo demo = new Demo();
    new CommandLine(demo)
        .parseArgs(
            "--bootstrap-servers",
            "kafka:9092",
            "--duration",
            "PT1M",
            "--records",
            "5000",
            "--rate",
            "7",
            "--partitions",
            "2",
            "--bulk-threshold",
            "50");

    assertThat(demo.options())
        .isEqualTo(new DemoOptions("kafka:9092", Duration.ofMinutes(1), 5000, 7, 2, 50));
  }

  @Test
  void aBadDurationIsAUsageErrorWithExitCodeTwo() {
    int status = execute("--duration", "soon");

    assertThat(status).isEqualTo(2);
    assertThat(text(err)).contains("'soon' is not a duration").contains("Usage: paperboy-demo");
  }

  @Test
  void anInvalidValueIsAUsageErrorNamingTheOption() {
    int status = execute("--records", "-1");

    assertThat(status).isEqualTo(2);
    assertThat(text(err)).contains("backlogRecords must be >= 0: -1");
  }

  private int execute(String... args) {
    return Demo.execute(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        false,
        args);
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
