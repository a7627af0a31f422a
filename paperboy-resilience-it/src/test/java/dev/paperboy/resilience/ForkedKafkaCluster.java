package dev.paperboy.resilience;

import dev.paperboy.test.Await;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of one controller and several brokers, each in a JVM of its own on loopback, so
 * that a broker can be stopped and started again with its data (an in-process broker cannot start
 * after a shutdown). Storage is formatted with Kafka's own {@code kafka-storage format}; every node
 * runs Kafka's {@code kafka.Kafka} main on a generated {@code server.properties}, with the test
 * classpath. Processes are ended by their PID, never by name; {@link #close()} ends them all and
 * deletes the data. Node logs go to {@code target/forked-kafka/}.
 */
final class ForkedKafkaCluster implements AutoCloseable {
  private static final int CONTROLLER_ID = 3000;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final Path data;
  private final Path logs;
  private final Map<Integer, Path> configs = new LinkedHashMap<>();
  private final Map<Integer, Process> processes = new LinkedHashMap<>();
  private final Map<Integer, Integer> brokerPorts = new LinkedHashMap<>();
  private Admin admin;

  private ForkedKafkaCluster(Path data, Path logs) {
    this.data = data;
    this.logs = logs;
  }

  /**
   * Formats and starts a controller and {@code brokers} brokers with {@code brokerConfig} on top of
   * test defaults (internal topics replicated three times), and waits until every broker serves.
   */
  static ForkedKafkaCluster start(int brokers, Map<String, String> brokerConfig)
      throws IOException {
    Path logs = Files.createDirectories(Path.of("target", "forked-kafka"));
    ForkedKafkaCluster cluster =
        new ForkedKafkaCluster(Files.createTempDirectory("forked-kafka"), logs);
    try {
      cluster.configure(brokers, brokerConfig);
      cluster.format();
      for (int id : cluster.configs.keySet()) {
        cluster.launch(id);
      }
      cluster.awaitListening();
      cluster.admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
      cluster.awaitBrokers(cluster.brokerIds());
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Every broker's address, so clients bootstrap whichever brokers run. */
  String bootstrapServers() {
    return brokerPorts.values().stream()
        .map(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(","));
  }

  /** An admin client of this cluster, closed with it. */
  Admin admin() {
    return admin;
  }

  List<Integer> brokerIds() {
    return new ArrayList<>(brokerPorts.keySet());
  }

  /** The process id of a running node, or -1. */
  long pid(int id) {
    Process process = processes.get(id);
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /**
   * Stops a broker with SIGTERM, so it shuts down in a controlled way (leadership moves first), and
   * waits until its process ended; SIGKILL if it does not end within 30 seconds.
   */
  void stopBroker(int id) throws InterruptedException {
    Process process = processes.get(id);
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Kills a broker with SIGKILL, a crash: no controlled shutdown, logs recovered on restart. */
  void killBroker(int id) throws InterruptedException {
    Process process = processes.get(id);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts a stopped broker again on its data, and waits until the controller unfenced it. */
  void startBroker(int id) throws IOException {
    if (pid(id) != -1) {
      throw new IllegalStateException("broker " + id + " runs as process " + pid(id));
    }
    launch(id);
    awaitBrokers(brokerIds());
  }

  /** Waits until every partition of {@code topic} has all its replicas in sync. */
  void awaitFullIsr(String topic) {
    awaitTrue(
        () -> {
          TopicDescription description =
              admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
          return description.partitions().stream()
              .allMatch(p -> p.isr().size() == p.replicas().size() && p.leader() != null);
        },
        "all replicas of " + topic + " in sync");
  }

  private void configure(int brokers, Map<String, String> brokerConfig) throws IOException {
    int controllerPort = freePort();
    String voters = CONTROLLER_ID + "@127.0.0.1:" + controllerPort;
    Map<String, String> controller = common(CONTROLLER_ID, voters);
    controller.put("process.roles", "controller");
    controller.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
    // A killed broker is fenced, and its partitions led elsewhere, after 4 s instead of 9.
    controller.put("broker.session.timeout.ms", "4000");
    configs.put(CONTROLLER_ID, write(CONTROLLER_ID, controller));
    for (int id = 0; id < brokers; id++) {
      int port = freePort();
      brokerPorts.put(id, port);
      Map<String, String> broker = common(id, voters);
      broker.put("process.roles", "broker");
      broker.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
      broker.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      broker.put("inter.broker.listener.name", "PLAINTEXT");
      broker.put("offsets.topic.replication.factor", String.valueOf(Math.min(3, brokers)));
      broker.put("offsets.topic.num.partitions", "1");
      broker.put("transaction.state.log.replication.factor", String.valueOf(Math.min(3, brokers)));
      broker.put("transaction.state.log.min.isr", "1");
      broker.put("group.initial.rebalance.delay.ms", "0");
      broker.put("broker.heartbeat.interval.ms", "1000");
      broker.putAll(brokerConfig);
      configs.put(id, write(id, broker));
    }
  }

  private Map<String, String> common(int id, String voters) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("node.id", String.valueOf(id));
    config.put("controller.quorum.voters", voters);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    config.put("log.dirs", data.resolve("node-" + id).toString());
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "2");
    return config;
  }

  private Path write(int id, Map<String, String> config) throws IOException {
    StringBuilder text = new StringBuilder();
    config.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
    return Files.writeString(data.resolve("server-" + id + ".properties"), text);
  }

  /** {@code kafka-storage format} for every node, through the tool's own entry point. */
  private void format() {
    String clusterId = Uuid.randomUuid().toString();
    for (Path config : configs.values()) {
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int status;
      try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        status =
            StorageTool.execute(
                new String[] {"format", "-t", clusterId, "-c", config.toString()}, out);
      }
      if (status != 0) {
        throw new IllegalStateException(
            "kafka-storage format of "
                + config
                + " failed: "
                + output.toString(StandardCharsets.UTF_8));
      }
    }
  }

  private void launch(int id) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = logs.resolve(data.getFileName() + "-node-" + id + ".log");
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                configs.get(id).toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    processes.put(id, process);
  }

  /** Waits until every broker accepts connections, so clients do not start with failures. */
  private void awaitListening() {
    for (int port : brokerPorts.values()) {
      awaitTrue(
          () -> {
            try (Socket socket = new Socket()) {
              socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
              return true;
            } catch (IOException e) {
              return false;
            }
          },
          "a broker listens on port " + port + "; logs in " + logs.toAbsolutePath());
    }
  }

  private void awaitBrokers(List<Integer> ids) {
    Set<Integer> expected = new TreeSet<>(ids);
    awaitTrue(
        () ->
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                .map(Node::id)
                .collect(Collectors.toCollection(TreeSet::new))
                .equals(expected),
        "brokers " + expected + " registered and unfenced; logs in " + logs.toAbsolutePath());
  }

  private static void awaitTrue(Check check, String description) {
    Await.until(TIMEOUT, () -> holds(check), description);
  }

  private static boolean holds(Check check) {
    try {
      return check.holds();
    } catch (Exception e) {
      return false; // the cluster is in motion: ask again
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Kills every node by its PID (SIGKILL: the cluster is thrown away, so there is nothing to shut
   * down gracefully) and deletes the data.
   */
  @Override
  public void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    processes.values().forEach(Process::destroyForcibly);
    for (Process process : processes.values()) {
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: the data is in the temporary directory.
    }
  }

  /** A condition that may fail while the cluster is in motion. */
  private interface Check {
    boolean holds() throws Exception;
  }
}
