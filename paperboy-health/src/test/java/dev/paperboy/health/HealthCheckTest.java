package dev.paperboy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  @Test
  void keepsTheDataInOrderAndImmutable() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", "RUNNING");
    data.put("lag", 3L);
    data.put("paused", false);

    HealthCheck check = new HealthCheck("paperboy-live", HealthStatus.UP, data);
    data.put("later", "not seen");

    assertThat(check.data())
        .containsExactly(
            Map.entry("state", "RUNNING"), Map.entry("lag", 3L), Map.entry("paused", false));
    assertThatThrownBy(() -> check.data().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(check.isUp()).isTrue();
  }

  @Test
  void acceptsOnlyTheValueTypesMicroProfileHealthAllows() {
    Map<String, Object> data = new HashMap<>();
    data.put("lag", 3);

    assertThatThrownBy(() -> new HealthCheck("c", HealthStatus.UP, data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("data value of lag must be a String, Long or Boolean: java.lang.Integer");
  }

  @Test
  void overallStatusIsDownWhenAnyCheckIsDown() {
    HealthCheck up = new HealthCheck("a", HealthStatus.UP, Map.of());
    HealthCheck down = new HealthCheck("b", HealthStatus.DOWN, Map.of());

    assertThat(HealthStatus.of(List.of(up, up))).isEqualTo(HealthStatus.UP);
    assertThat(HealthStatus.of(List.of(up, down))).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthStatus.of(List.of())).isEqualTo(HealthStatus.UP);
  }
}
