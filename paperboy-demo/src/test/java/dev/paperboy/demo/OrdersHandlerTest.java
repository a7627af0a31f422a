package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import dev.paperboy.Sender;
import dev.paperboy.table.StateTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class OrdersHandlerTest {
  private static final String ORDER =
      "{\"order\":\"o-00000007\",\"user\":\"u-000001\",\"amountCents\":1234,\"currency\":\"EUR\"}";

  private final Topics topics = Topics.plain(1);
  private final RecordingStateTable totals = new RecordingStateTable();
  private final OrdersHandler handler =
      new OrdersHandler(
          topics,
          new MapTable<>("users", Map.of("u-000001", "{}")),
          totals,
          Sender.create().typed(new StringSerializer(), new StringSerializer()));

  @Test
  void anOrderOfAUserNotInTheTableIsRejectedWithoutWritingOrSending() {
    handler.onMessage(
        new ConsumerRecord<>("orders", 0, 0, "u-000999", ORDER.replace("000001", "000999")),
        new Context());

    assertThat(handler.checks()).isEqualTo(new Summary.OrderChecks(0, 1, 0, 0));
    assertThat(totals.puts).isEmpty();
    assertThat(handler.tally().handled()).isEqualTo(1);
  }

  @Test
  void theEventNamesTheOrderItsUserItsAmountAndTheUsersNewTotal() {
    String event = OrdersHandler.acceptedEvent(ORDER, "u-000001", 1234, 5000);

    assertThat(event)
        .isEqualTo(
            "{\"event\":\"order-accepted\",\"order\":\"o-00000007\",\"user\":\"u-000001\","
                + "\"amountCents\":1234,\"userTotalCents\":5000}");
  }

  @Test
  void readsTheAmountAndStringFieldsOfAnOrder() {
    assertThat(OrdersHandler.amountCents(ORDER)).isEqualTo(1234);
    assertThat(OrdersHandler.amountCents("{\"order\":\"o-1\"}")).isZero();
    assertThat(OrdersHandler.stringField(ORDER, "order")).isEqualTo("o-00000007");
    assertThat(OrdersHandler.stringField(ORDER, "coupon")).isEmpty();
  }

  /** A state table that records its puts and never reaches a broker. */
  private static final class RecordingStateTable implements StateTable<String, Long> {
    final List<Map.Entry<String, Long>> puts = new ArrayList<>();

    @Override
    public String topic() {
      return "demo-user-totals";
    }

    @Override
    public Long get(String key) {
      return null;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Long> action) {}

    @Override
    public long size() {
      return 0;
    }

    @Override
    public CompletableFuture<RecordMetadata> put(String key, Long value) {
      puts.add(Map.entry(key, value));
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<RecordMetadata> delete(String key) {
      return new CompletableFuture<>();
    }
  }
}
