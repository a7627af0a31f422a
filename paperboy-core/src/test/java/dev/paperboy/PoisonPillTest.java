package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class PoisonPillTest {
  private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

  @Test
  void factoryKeepsWhereTheRecordIsAndWhy() {
    RecordHeaders headers = new RecordHeaders();
    IllegalArgumentException cause = new IllegalArgumentException("not a number");

    PoisonPill pill = PoisonPill.of(ORDERS_3, 42, 1_000, null, new byte[] {7}, headers, cause);

    assertThat(pill.topic()).isEqualTo("orders");
    assertThat(pill.partition()).isEqualTo(ORDERS_3);
    assertThat(pill.offset()).isEqualTo(42);
    assertThat(pill.timestamp()).isEqualTo(1_000);
    assertThat(pill.key()).isNull();
    assertThat(pill.value()).containsExactly(7);
    assertThat(pill.headers()).isSameAs(headers);
    assertThat(pill.cause()).isSameAs(cause);
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] value = {1, 2, 3};
    PoisonPill pill =
        PoisonPill.of(ORDERS_3, 0, 0, null, value, new RecordHeaders(), new RuntimeException());

    value[0] = 9;
    pill.value()[1] = 9;

    assertThat(pill.value()).containsExactly(1, 2, 3);
  }

  @Test
  void invalidArgumentsAreRejectedNamingThem() {
    RecordHeaders headers = new RecordHeaders();
    RuntimeException cause = new RuntimeException();

    assertThatThrownBy(() -> PoisonPill.of(null, 0, 0, null, null, headers, cause))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partition must not be null");
    assertThatThrownBy(() -> PoisonPill.of(ORDERS_3, -1, 0, null, null, headers, cause))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0: -1");
    assertThatThrownBy(() -> PoisonPill.of(ORDERS_3, 0, 0, null, null, null, cause))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("headers must not be null");
    assertThatThrownBy(() -> PoisonPill.of(ORDERS_3, 0, 0, null, null, headers, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cause must not be null");
  }
}
