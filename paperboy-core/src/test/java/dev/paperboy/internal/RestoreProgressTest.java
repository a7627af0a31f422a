package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RestoreProgressTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void countsOffsetsFromTheStartToTheEndOffsetsAndIsDoneWhenEveryPartitionReachedItsEnd() {
    RestoreProgress progress = new RestoreProgress(Map.of(0, 10L, 1, 0L), Map.of(0, 30L, 1, 5L), 0);

    progress.update(Map.of(0, 25L, 1, 5L), SECOND);

    assertThat(progress.toRestore()).isEqualTo(25);
    assertThat(progress.restored()).isEqualTo(20);
    assertThat(progress.done()).isFalse();
    progress.update(Map.of(0, 31L), 2 * SECOND);
    assertThat(progress.restored()).isEqualTo(25);
    assertThat(progress.done()).isTrue();
  }

  @Test
  void emptyTopicIsRestoredAtOnce() {
    RestoreProgress progress = new RestoreProgress(Map.of(0, 0L), Map.of(0, 0L), 0);

    assertThat(progress.done()).isTrue();
    assertThat(progress.stalled(100 * SECOND, SECOND)).isFalse();
  }

  @Test
  void stallsWhenNoPositionMovedForTheStallTimeAndRecoversWhenOneMoves() {
    RestoreProgress progress = new RestoreProgress(Map.of(0, 0L), Map.of(0, 100L), 0);
    progress.update(Map.of(0, 10L), SECOND);

    progress.update(Map.of(0, 10L), 30 * SECOND);

    assertThat(progress.stalled(30 * SECOND, 30 * SECOND)).isFalse();
    assertThat(progress.stalled(31 * SECOND, 30 * SECOND)).isTrue();
    progress.update(Map.of(0, 11L), 32 * SECOND);
    assertThat(progress.stalled(32 * SECOND, 30 * SECOND)).isFalse();
  }
}
