package dev.paperboy.health;

import com.sun.net.httpserver.HttpServer;
import dev.paperboy.PaperboyEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves an engine's {@link EngineHealth} over HTTP for Kubernetes probes, with the JDK's own HTTP
 * server: {@code GET /health/started}, {@code /health/ready}, {@code /health/live} and {@code
 * /health} (all three) answer 200 when up and 503 when down, with the checks in MicroProfile
 * Health's JSON ({@code {"status":"UP","checks":[{"name":..,"status":..,"data":{..}}]}}); other
 * paths 404, other methods than {@code GET} and {@code HEAD} 405.
 *
 * <pre>{@code
 * HealthServer server = HealthServer.builder()
 *     .port(8081).engine(engine).stallTimeout(Duration.ofSeconds(30)).start();
 * }</pre>
 *
 * <p>Requests are answered on one daemon thread, {@code paperboy-health}; a check only reads the
 * engine's status snapshot, so it never waits for Kafka. Close the server when the engine is gone.
 */
public final class HealthServer implements AutoCloseable {
  /** The port when none is given. */
  public static final int DEFAULT_PORT = 8081;

  /** The address bound when none is given: every interface, as a pod's probes need. */
  public static final String DEFAULT_HOST = "0.0.0.0";

  private final HttpServer server;
  private final ExecutorService executor;
  private final EngineHealth health;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HealthServer(HttpServer server, ExecutorService executor, EngineHealth health) {
    this.server = server;
    this.executor = executor;
    this.health = health;
  }

  /** A builder of a health server. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the server listens on: the one asked for, or the free one chosen for port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The checks this server serves. */
  public EngineHealth health() {
    return health;
  }

  /** Stops listening and answering at once. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** Configures and starts a {@link HealthServer}; every value is checked when it is set. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Duration stallTimeout = EngineHealth.DEFAULT_STALL_TIMEOUT;
    private PaperboyEngine<?, ?> engine;
    private EngineHealth health;

    private Builder() {}

    /**
     * The address to bind, {@value HealthServer#DEFAULT_HOST} (every interface) by default; {@code
     * 127.0.0.1} keeps the probes on the machine.
     *
     * @throws IllegalArgumentException if {@code host} is blank
     */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * The port, {@value HealthServer#DEFAULT_PORT} by default; 0 picks a free one ({@link
     * HealthServer#port()} tells which).
     *
     * @throws IllegalArgumentException if {@code port} is not between 0 and 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The engine to judge; required. */
    public Builder engine(PaperboyEngine<?, ?> engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * How long the engine may go without progress before the live check is down ({@link
     * EngineHealth}); {@link EngineHealth#DEFAULT_STALL_TIMEOUT} by default.
     *
     * @throws IllegalArgumentException if {@code stallTimeout} is not positive
     */
    public Builder stallTimeout(Duration stallTimeout) {
      Objects.requireNonNull(stallTimeout, "stallTimeout");
      if (stallTimeout.isNegative() || stallTimeout.isZero()) {
        throw new IllegalArgumentException("stallTimeout must be > 0: " + stallTimeout);
      }
      this.stallTimeout = stallTimeout;
      return this;
    }

    /** Serves these checks instead of an engine's: the seam for tests. */
    Builder health(EngineHealth health) {
      this.health = Objects.requireNonNull(health, "health");
      return this;
    }

    /**
     * Binds the address and starts answering. Make it before the engine starts, so the started
     * check sees the join however short the engine runs.
     *
     * @throws IllegalStateException if no engine was given
     * @throws UncheckedIOException if the address cannot be bound (the port is taken, say)
     */
    public HealthServer start() {
      EngineHealth checks = health;
      if (checks == null) {
        if (engine == null) {
          throw new IllegalStateException("engine(...) is required: the engine to judge");
        }
        checks = EngineHealth.of(engine, stallTimeout);
      }
      HttpServer server;
      try {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot serve health checks on " + host + ":" + port + ": " + e.getMessage(), e);
      }
      ExecutorService executor =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "paperboy-health");
                thread.setDaemon(true);
                return thread;
              });
      server.createContext("/", new HealthEndpoint(checks));
      server.setExecutor(executor);
      server.start();
      return new HealthServer(server, executor, checks);
    }
  }
}
