package dev.paperboy.health.spring;

// tag::spring-actuator[]
import dev.paperboy.PaperboyEngine;
import dev.paperboy.health.EngineHealth;
import dev.paperboy.health.HealthCheck;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Paperboy's checks as Spring Boot actuator health indicators, for its probe groups. */
@Configuration
class PaperboyHealthConfiguration {
  @Bean
  EngineHealth engineHealth(PaperboyEngine<?, ?> engine) {
    return EngineHealth.of(engine, Duration.ofSeconds(60)); // before the engine starts
  }

  @Bean // named "paperboyLive" in the health endpoint
  HealthIndicator paperboyLiveHealthIndicator(EngineHealth health) {
    return () -> toSpring(health.live());
  }

  @Bean // named "paperboyReady"
  HealthIndicator paperboyReadyHealthIndicator(EngineHealth health) {
    return () -> toSpring(health.ready());
  }

  static Health toSpring(HealthCheck check) {
    return (check.isUp() ? Health.up() : Health.down()).withDetails(check.data()).build();
  }
}
// end::spring-actuator[]
