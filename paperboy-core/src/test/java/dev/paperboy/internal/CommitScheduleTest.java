package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommitScheduleTest {
  private static final long MS = 1_000_000L;

  @Test
  void firstCommitIsDueOneIntervalAfterStart() {
    CommitSchedule schedule = new CommitSchedule(1_000, 5 * MS);

    assertThat(schedule.isDue(1_004 * MS)).isFalse();
    assertThat(schedule.nanosUntilDue(505 * MS)).isEqualTo(500 * MS);
    assertThat(schedule.isDue(1_005 * MS)).isTrue();
  }

  @Test
  void nextCommitIsDueOneIntervalAfterTheLast() {
    CommitSchedule schedule = new CommitSchedule(1_000, 0);

    schedule.committed(1_500 * MS);

    assertThat(schedule.isDue(2_499 * MS)).isFalse();
    assertThat(schedule.isDue(2_500 * MS)).isTrue();
  }

  @Test
  void overdueCommitWaitsNoTime() {
    CommitSchedule schedule = new CommitSchedule(1_000, 0);

    assertThat(schedule.nanosUntilDue(5_000 * MS)).isZero();
  }

  @Test
  void zeroIntervalIsAlwaysDue() {
    CommitSchedule schedule = new CommitSchedule(0, 0);

    schedule.committed(7 * MS);

    assertThat(schedule.isDue(7 * MS)).isTrue();
  }
}
