package dev.paperboy.health;

import dev.paperboy.PaperboyEngine;
import java.time.Duration;

/** The README's health server: probes answered while the engine runs on the main thread. */
final class HealthServerExample {
  private HealthServerExample() {}

  static void run(PaperboyEngine<?, ?> engine) {
    // tag::health-server[]
    HealthServer health =
        HealthServer.builder()
            .port(8081) //                            0 picks a free port (tests)
            .engine(engine) //                        before engine.start()
            .stallTimeout(Duration.ofSeconds(60)) //  live is down after 60 s without progress
            .start();
    try {
      engine.start(); // runs until SIGTERM or a fatal error; the probes answer meanwhile
    } finally {
      health.close();
    }
    // end::health-server[]
  }
}
