package dev.paperboy.examples;

// tag::harness-test[]
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.EngineOptions;
import dev.paperboy.test.EngineHarness;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OrderTotalsHandlerTest {

  @Test
  void sumsAmountsAndSkipsWhatIsNotANumber() {
    OrderTotalsHandler handler = new OrderTotalsHandler();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(handler)
            .options(EngineOptions.builder().failOnException(false).build())
            .start()) {
      harness.send("orders", 0, "ada", "12");
      harness.send("orders", 0, "ada", "twelve");
      harness.send("orders", 0, "bob", "30");

      harness.drain().stop(); // every record handled, then the final commit

      assertThat(handler.totals()).containsEntry("ada", 12L).containsEntry("bob", 30L);
      assertThat(harness.failures())
          .singleElement()
          .satisfies(f -> assertThat(f.error()).isInstanceOf(NumberFormatException.class));
      assertThat(harness.committed()).containsEntry(new TopicPartition("orders", 0), 3L);
    }
  }

  @Test
  void stopsAtTheFirstBadAmountByDefault() {
    OrderTotalsHandler handler = new OrderTotalsHandler();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder().handler(handler).start()) {
      harness.send("orders", 0, "ada", "12");
      harness.send("orders", 0, "ada", "twelve");

      assertThat(harness.awaitTermination()).isPresent(); // start() threw PaperboyException
      assertThat(harness.committed()).containsEntry(new TopicPartition("orders", 0), 1L);
    }
  }
}
// end::harness-test[]
