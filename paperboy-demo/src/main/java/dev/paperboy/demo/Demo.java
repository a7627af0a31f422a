package dev.paperboy.demo;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The demo's command line: parses the options, runs a {@link DemoRun} and prints its summary.
 * Ctrl-C stops the run gracefully and still prints the summary.
 *
 * <p>From the repository root: {@code mvn -q -DskipTests -Pdemo verify}, with options passed as
 * {@code -Ddemo.args="--duration 60s"}.
 */
@Command(
    name = "paperboy-demo",
    sortOptions = false,
    sortSynopsis = false,
    usageHelpAutoWidth = true,
    description = {
      "Starts an embedded Kafka broker, produces a backlog of user and order events and lets a"
          + " Paperboy engine consume it: it restores a table of the users first, then checks"
          + " the orders against it, in bulk while it lags, then record by record as live events"
          + " trickle in, adding each accepted order to its user's total in a state table and"
          + " sending an event. Shows a status line while it runs and a summary at the end.",
      ""
    })
public final class Demo implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Demo.class);
  private static final long SHUTDOWN_WAIT_SECONDS = 60;

  @Spec private CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,HOST:PORT...]",
      description =
          "Run against this cluster instead of an embedded broker. The demo creates topics of its"
              + " own there (paperboy-demo-<run>-users, -orders, -user-totals and"
              + " -orders-accepted) and deletes them at the end.")
  private String bootstrapServers;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long the engine consumes: 30s, 2m, 500ms, 45 (seconds) or PT1M30S."
              + " Default: ${DEFAULT-VALUE}.")
  private Duration duration;

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "300000",
      description = "Records in the backlog, users and orders together. Default: ${DEFAULT-VALUE}.")
  private int records;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "40",
      description = "Live records per second while the engine runs. Default: ${DEFAULT-VALUE}.")
  private int rate;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "3",
      description = "Partitions of each topic. Default: ${DEFAULT-VALUE}.")
  private int partitions;

  @Option(
      names = "--bulk-threshold",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "The engine consumes in bulk while its lag is above this many records."
              + " Default: ${DEFAULT-VALUE}.")
  private long bulkThreshold;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  private PrintStream out = System.out;
  private boolean interactive;

  /** Runs the demo; exits with a non-zero status only when it failed. */
  public static void main(String[] args) {
    int status = execute(System.out, System.err, isTerminal(), args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Parses {@code args} and runs the demo; returns the exit status instead of exiting. */
  static int execute(PrintStream out, PrintStream err, boolean interactive, String... args) {
    Demo demo = new Demo();
    demo.out = out;
    demo.interactive = interactive;
    return new CommandLine(demo)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(
            (e, commandLine, parsed) -> {
              commandLine.getErr().println("paperboy-demo failed: " + e.getMessage());
              log.debug("The demo failed", e);
              return commandLine.getCommandSpec().exitCodeOnExecutionException();
            })
        .execute(args);
  }

  @Override
  public Integer call() {
    DemoRun run = new DemoRun(options(), out, interactive);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> stopAndWait(run, finished), "paperboy-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Summary summary = run.run();
      out.println();
      out.print(summary.render());
      out.flush();
      return 0;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down (Ctrl-C): the hook is running and just saw us finish.
      }
    }
  }

  /** The options, checked; a bad value is reported like a parse error, with the usage. */
  DemoOptions options() {
    try {
      return new DemoOptions(bootstrapServers, duration, records, rate, partitions, bulkThreshold);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** On Ctrl-C: stops the run, then holds the JVM until the run closed everything. */
  private static void stopAndWait(DemoRun run, CountDownLatch finished) {
    run.stop();
    try {
      finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether the output is a terminal, where the status line can be redrawn in place. Before Java 22
   * {@code System.console()} is null unless both input and output are a terminal; from Java 22 on
   * it may exist anyway, and {@code Console.isTerminal()} tells.
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
