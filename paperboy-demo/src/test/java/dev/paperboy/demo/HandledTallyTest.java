package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class HandledTallyTest {
  private final HandledTally tally = new HandledTally();

  @Test
  void countsContiguousOffsetsPerPartition() {
    record(0, 0);
    record(0, 1);
    record(1, 0);

    assertThat(tally.handled()).isEqualTo(3);
    assertThat(tally.position(0)).isEqualTo(2);
    assertThat(tally.position(1)).isEqualTo(1);
    assertThat(tally.position(2)).isZero();
    assertThat(tally.redelivered()).isZero();
    assertThat(tally.skipped()).isZero();
  }

  @Test
  void anOffsetHandledAgainCountsAsRedelivered() {
    record(0, 0);
    record(0, 1);
    record(0, 1);

    assertThat(tally.handled()).isEqualTo(3);
    assertThat(tally.redelivered()).isEqualTo(1);
    assertThat(tally.position(0)).isEqualTo(2);
  }

  @Test
  void anOffsetJumpedOverCountsAsSkipped() {
    record(0, 0);
    record(0, 3);

    assertThat(tally.skipped()).isEqualTo(2);
    assertThat(tally.position(0)).isEqualTo(4);
  }

  private void record(int partition, long offset) {
    tally.record(new ConsumerRecord<>("t", partition, offset, "k", "v"));
  }
}
