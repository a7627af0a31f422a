package dev.paperboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HandlingGapsTest {

  @Test
  void countsMissingAndDuplicateHandlingsButNotFailedSends() {
    List<long[]> handled =
        List.of(new long[] {0, 0, 1_000}, new long[] {1, 1, 2_000}, new long[] {1, 1, 3_000});

    HandlingGaps gaps = new HandlingGaps(handled, 4, Set.of(3L));

    assertThat(gaps.handled()).isEqualTo(3);
    assertThat(gaps.duplicates()).isEqualTo(1);
    assertThat(gaps.missing()).isEqualTo(1);
  }

  @Test
  void longestPauseIsTheWidestGapEndingInTheWindow() {
    List<long[]> handled =
        List.of(
            new long[] {0, 0, 0},
            new long[] {1, 1, 5_000},
            new long[] {2, 0, 100_000},
            new long[] {3, 1, 110_000},
            new long[] {4, 0, 500_000});

    HandlingGaps gaps = new HandlingGaps(handled, 5, Set.of());

    assertThat(gaps.groupGap(10_000, 600_000, false).millis()).isEqualTo(390);
    assertThat(gaps.groupGap(10_000, 200_000, false).millis()).isEqualTo(95);
    assertThat(gaps.groupGap(10_000, 200_000, true).millis()).isEqualTo(10);
    HandlingGaps.Gap worst = gaps.partitionGap(6_000, 200_000, false);
    assertThat(worst.millis()).isEqualTo(105);
    assertThat(worst.partition()).isEqualTo(1);
  }

  @Test
  void settledWhenEveryPartitionIsOwnedOnceAndNothingChanges() throws Exception {
    Assignments assignments = new Assignments();
    long now = ScaleOutMember.nowMicros();

    assignments.update("m1", now - 5_000_000, "0,1");
    assignments.update("m2", now - 4_000_000, "2,3");

    assertThat(assignments.awaitSettled(2, 4, 1_000, 1_000)).isEqualTo(now - 4_000_000);
    assertThat(assignments.spread()).isEqualTo("2/2");
  }
}
