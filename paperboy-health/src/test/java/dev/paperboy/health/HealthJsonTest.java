package dev.paperboy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesMicroProfileHealthsShape() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", "RUNNING");
    data.put("lag", 0L);
    data.put("paused", true);
    List<HealthCheck> checks =
        List.of(
            new HealthCheck("paperboy-ready", HealthStatus.UP, data),
            new HealthCheck("paperboy-live", HealthStatus.DOWN, Map.of()));

    String json = HealthJson.write(checks);

    assertThat(json)
        .isEqualTo(
            "{\"status\":\"DOWN\",\"checks\":["
                + "{\"name\":\"paperboy-ready\",\"status\":\"UP\","
                + "\"data\":{\"state\":\"RUNNING\",\"lag\":0,\"paused\":true}},"
                + "{\"name\":\"paperboy-live\",\"status\":\"DOWN\",\"data\":{}}]}");
  }

  @Test
  void escapesWhatJsonStringsCannotHoldAsIs() throws Exception {
    String nasty =
        "quote \" backslash \\ newline \n return \r tab \t bell \u0007 nul \u0000"
            + " separators \u2028\u2029 pair \uD83D\uDE00 lone \uD83D end \uDE00 é";
    Map<String, Object> data = Map.of("problem", nasty, "key \"quoted\"", "v");

    String json = HealthJson.write(List.of(new HealthCheck("c", HealthStatus.UP, data)));
    JsonNode parsed = JSON.readTree(json);

    assertThat(json).doesNotContain("\n", "\r", "\t", "\u0007", "\u0000", "\u2028");
    JsonNode read = parsed.get("checks").get(0).get("data");
    assertThat(read.get("key \"quoted\"").asText()).isEqualTo("v");
    assertThat(read.get("problem").asText()).isEqualTo(nasty);
  }
}
