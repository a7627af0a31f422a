package dev.paperboy.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (combined broker and controller) in a JVM of its own ({@code
 * bench.broker=forked}): Kafka's {@code kafka.Kafka} main on a generated {@code server.properties},
 * on loopback and free ports, with its data and log in a temporary directory, storage formatted
 * first with Kafka's {@code kafka-storage format} ({@link StorageTool}). Its class path is this
 * JVM's (the module depends on the broker through paperboy-test). The process is stopped by its
 * handle, never by name: on {@link #close()}, and by a shutdown hook if this JVM ends first.
 */
final class ForkedBroker implements Broker {
  private static final Logger log = LoggerFactory.getLogger(ForkedBroker.class);
  private static final int NODE_ID = 1;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Process process;
  private final Thread killOnExit;
  private final String bootstrapServers;
  private final List<String> jvmArgs;
  private BrokerClients clients;

  private ForkedBroker(Path dir, Process process, String bootstrapServers, List<String> jvmArgs) {
    this.dir = dir;
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.jvmArgs = List.copyOf(jvmArgs);
    this.killOnExit = new Thread(process::destroyForcibly, "forked-broker-kill");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Formats storage, starts the broker's JVM with {@code jvmArgs} and waits until it serves; on
   * failure the process is stopped and the exception carries the end of its log.
   */
  static ForkedBroker start(List<String> jvmArgs) throws IOException {
    Path dir = Files.createTempDirectory("paperboy-bench-broker");
    int port = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, text(serverProperties(dir.resolve("data"), port, freePort())));
    format(config);
    List<String> command = new ArrayList<>();
    command.add(Jdk.current().java().toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("kafka.Kafka");
    command.add(config.toString());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("broker.log").toFile())
            .start();
    ForkedBroker broker = new ForkedBroker(dir, process, "127.0.0.1:" + port, jvmArgs);
    try {
      broker.awaitServing();
      log.info(
          "Broker in its own JVM (pid {}) serves on {}", process.pid(), broker.bootstrapServers);
      return broker;
    } catch (RuntimeException | Error e) {
      IllegalStateException failure =
          new IllegalStateException(
              "the forked broker (pid "
                  + process.pid()
                  + ") did not start: "
                  + e.getMessage()
                  + "; the end of its log:\n"
                  + broker.logTail(),
              e);
      broker.close();
      throw failure;
    }
  }

  /**
   * The broker's configuration: one combined node, internal topics of one partition and replica (a
   * single broker cannot place more), no initial rebalance delay, the log cleaner's dedupe buffer
   * of Kafka's test kit (2 MiB, so that the two setups use alike heaps); Kafka's defaults else.
   */
  static Map<String, String> serverProperties(Path data, int port, int controllerPort) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    config.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    config.put("log.dirs", data.toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
    return config;
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void createTopic(String topic, int partitions) {
    clients.createTopic(topic, partitions);
  }

  @Override
  public void send(Collection<ProducerRecord<byte[], byte[]>> records) {
    clients.send(records);
  }

  @Override
  public Map<TopicPartition, Long> endOffsets(String topic) {
    return clients.endOffsets(topic);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public String describe() {
    return "a JVM of its own (pid " + pid() + ", " + String.join(" ", jvmArgs) + ")";
  }

  /** Whether the broker's process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the broker with SIGTERM to its PID (a controlled shutdown), SIGKILL if it has not ended
   * within 30 s, and deletes its data and log.
   */
  @Override
  public void close() {
    if (clients != null) {
      clients.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Broker (pid {}) still runs {} after SIGTERM: killing it", pid(), STOP_TIMEOUT);
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // This JVM is shutting down already: the hook runs anyway, and finds the process gone.
    }
    delete(dir);
  }

  /**
   * Waits until the port accepts connections (clients made earlier only log failures), then serves.
   */
  private void awaitServing() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    awaitWhile(() -> !listens(), deadline);
    clients = new BrokerClients(bootstrapServers);
    awaitWhile(() -> !clients.serves(), deadline);
  }

  private void awaitWhile(BooleanSupplier waiting, long deadline) {
    while (waiting.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("its process ended with " + process.exitValue());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("it did not serve within " + START_TIMEOUT);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for it", e);
      }
    }
  }

  private boolean listens() {
    int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("broker.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** {@code kafka-storage format}, through the tool's own entry point. */
  private static void format(Path config) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()};
      status = StorageTool.execute(args, out);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "kafka-storage format of "
              + config
              + " failed: "
              + output.toString(StandardCharsets.UTF_8));
    }
  }

  private static String text(Map<String, String> config) {
    StringBuilder text = new StringBuilder();
    config.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return text.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete the broker's data in {}: {}", dir, e.toString());
    }
  }
}
