package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class CompletedOffsetsTest {
  @Test
  void roundTrips() {
    BitSet completed = new BitSet();
    completed.set(1);
    completed.set(7);
    completed.set(5_000);

    String metadata = CompletedOffsets.encode(completed);

    assertThat(metadata).startsWith("pb1:");
    assertThat(CompletedOffsets.decode(metadata)).isEqualTo(completed);
  }

  @Test
  void nothingCompletedIsNoMetadata() {
    assertThat(CompletedOffsets.encode(new BitSet()).isEmpty()).isTrue();
  }

  @Test
  void aSetTooWideForTheBrokersLimitIsNotCarried() {
    BitSet widest = new BitSet();
    widest.set(CompletedOffsets.MAX_BITS - 1);
    assertThat(CompletedOffsets.encode(widest)).hasSizeLessThan(4096);

    BitSet tooWide = new BitSet();
    tooWide.set(CompletedOffsets.MAX_BITS);
    assertThat(CompletedOffsets.encode(tooWide).isEmpty()).isTrue();
  }

  @Test
  void metadataOfAnotherClientMeansNothingCompleted() {
    assertThat(CompletedOffsets.decode("").isEmpty()).isTrue();
    assertThat(CompletedOffsets.decode(null).isEmpty()).isTrue();
    assertThat(CompletedOffsets.decode("written by someone else").isEmpty()).isTrue();
    assertThat(CompletedOffsets.decode("pb1:not base64!").isEmpty()).isTrue();
  }
}
