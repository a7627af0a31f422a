package dev.paperboy.health.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.EngineStatus;
import dev.paperboy.health.EngineHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The README's Spring Boot adapter carries status and data over to the actuator's types. */
class PaperboyHealthConfigurationTest {
  private final PaperboyHealthConfiguration configuration = new PaperboyHealthConfiguration();

  @Test
  void readyIndicatorIsUpWithTheCheckData() {
    EngineHealth health = EngineHealth.of(() -> status(EngineState.RUNNING), Duration.ofMinutes(1));

    Health ready = configuration.paperboyReadyHealthIndicator(health).health();

    assertThat(ready.getStatus()).isEqualTo(Status.UP);
    assertThat(ready.getDetails()).containsEntry("state", "RUNNING").containsEntry("lag", 0L);
  }

  @Test
  void liveIndicatorIsDownWithTheReason() {
    EngineHealth health = EngineHealth.of(() -> status(EngineState.FAILED), Duration.ofMinutes(1));

    Health live = configuration.paperboyLiveHealthIndicator(health).health();

    assertThat(live.getStatus()).isEqualTo(Status.DOWN);
    assertThat(live.getDetails()).containsEntry("reason", "the engine failed");
  }

  private static EngineStatus status(EngineState state) {
    Optional<Instant> now = Optional.of(Instant.now());
    return new EngineStatus(
        state,
        ConsumptionMode.SINGLE,
        Optional.empty(),
        0,
        Map.of(),
        now,
        now,
        now,
        0,
        0,
        0,
        0,
        0,
        List.of());
  }
}
