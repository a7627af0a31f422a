package dev.paperboy.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.paperboy.PaperboyEngine;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class PaperboyTracingTest {

  @Test
  void instrumentReturnsTheEngineItInstrumented() {
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers("localhost:9092")
            .groupId("orders-service")
            .handler("orders", (msg, ctx) -> {})
            .build();

    PaperboyEngine<String, String> instrumented =
        PaperboyTracing.create(OpenTelemetry.noop()).instrument(engine);

    assertThat(instrumented).isSameAs(engine);
  }

  @Test
  void refusesNulls() {
    PaperboyTracing tracing = PaperboyTracing.create(OpenTelemetry.noop());

    assertThatNullPointerException().isThrownBy(() -> PaperboyTracing.create(null));
    assertThatNullPointerException().isThrownBy(() -> tracing.instrument(null));
  }
}
