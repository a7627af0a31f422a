package dev.paperboy.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers the probe paths: {@code GET /health/started}, {@code /health/ready}, {@code /health/live}
 * with their one check, {@code /health} with all three; 200 when every check is up, 503 when one is
 * down, the checks as JSON either way. {@code HEAD} gets the same status without a body. Other
 * paths get 404, other methods 405, and a check that throws 500.
 */
final class HealthEndpoint implements HttpHandler {
  private static final int OK = 200;
  private static final int NO_BODY = -1;

  private final EngineHealth health;

  HealthEndpoint(EngineHealth health) {
    this.health = health;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      respond(exchange);
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    Supplier<List<HealthCheck>> checks = route(exchange.getRequestURI().getPath());
    if (checks == null) {
      exchange.sendResponseHeaders(404, NO_BODY);
      return;
    }
    String method = exchange.getRequestMethod();
    boolean head = method.equals("HEAD");
    if (!head && !method.equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      exchange.sendResponseHeaders(405, NO_BODY);
      return;
    }
    List<HealthCheck> result;
    try {
      result = checks.get();
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(500, NO_BODY);
      return;
    }
    byte[] body = HealthJson.write(result).getBytes(StandardCharsets.UTF_8);
    int code = HealthStatus.of(result) == HealthStatus.UP ? OK : 503;
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(code, NO_BODY);
      return;
    }
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private Supplier<List<HealthCheck>> route(String path) {
    switch (path) {
      case "/health":
        return health::all;
      case "/health/started":
        return () -> List.of(health.started());
      case "/health/ready":
        return () -> List.of(health.ready());
      case "/health/live":
        return () -> List.of(health.live());
      default:
        return null;
    }
  }
}
