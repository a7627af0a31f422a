package dev.paperboy.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.DeadLetterPolicy;
import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.PoisonPill;
import dev.paperboy.TypedHandler;
import dev.paperboy.examples.TypedHandlersExample.Order;
import dev.paperboy.jackson.JsonDeserializer;
import dev.paperboy.test.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The README's test-kit examples: tombstones, poison pills and typed handlers in the harness. */
class HarnessExamplesTest {

  // tag::harness-records[]
  @Test
  void tombstoneDeletesTheUserAndPoisonPillIsDeadLettered() {
    UserTableHandler users = new UserTableHandler();
    try (EngineHarness<String, String> harness =
        EngineHarness.<String, String>builder()
            .handler(users)
            .options(EngineOptions.builder().deadLetter(DeadLetterPolicy.defaults()).build())
            .start()) {
      harness.send("users", 0, "ada", "Ada Lovelace");
      harness.send("users", 0, "ada", null); // a tombstone: onTombstone, not onMessage
      harness.sendPoisonPill("users", 0, null, new byte[] {(byte) 0xC3}); // unreadable

      harness.drain().stop();

      assertThat(users.users()).doesNotContainKey("ada");
      assertThat(harness.poisonPills()).extracting(PoisonPill::offset).containsExactly(2L);
      assertThat(harness.deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(r.value()).containsExactly(0xC3)); // its raw bytes
      assertThat(harness.committed()).containsEntry(new TopicPartition("users", 0), 3L);
    }
  }

  // end::harness-records[]
  // tag::harness-typed[]
  @Test
  void typedHandlerReadsJsonAndDeadLettersTheOriginalBytesOfWhatIsNot() {
    List<Order> orders = new CopyOnWriteArrayList<>();
    PaperboyHandler<String, Order> orderHandler =
        PaperboyHandler.of("orders", (msg, ctx) -> orders.add(msg.value()));
    try (EngineHarness<byte[], byte[]> harness = // bytes in, as with PaperboyEngine.builder()
        EngineHarness.<byte[], byte[]>builder()
            .handler(
                TypedHandler.of(
                    orderHandler, new StringDeserializer(), JsonDeserializer.of(Order.class)))
            .options(EngineOptions.builder().deadLetter(DeadLetterPolicy.defaults()).build())
            .start()) {
      harness.send(
          "orders", 0, utf8("o-1"), utf8("{\"id\":\"o-1\",\"user\":\"ada\",\"total\":12}"));
      harness.send("orders", 0, utf8("o-2"), utf8("{\"id\":")); // not JSON

      harness.drain().stop();

      assertThat(orders).containsExactly(new Order("o-1", "ada", 12));
      assertThat(harness.failures()).singleElement().satisfies(f -> assertThat(f.offset()).isOne());
      assertThat(harness.deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(r.value()).isEqualTo(utf8("{\"id\":")));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // end::harness-typed[]
}
