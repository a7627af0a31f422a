package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void noneMakesOneAttempt() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void exponentialBackoffGrowsUpToItsCap() {
    RetryPolicy policy =
        RetryPolicy.ofExponentialBackoff(6, Duration.ofMillis(100), 2.0, Duration.ofMillis(700));

    assertThat(policy.backoffMs(1)).isEqualTo(100);
    assertThat(policy.backoffMs(2)).isEqualTo(200);
    assertThat(policy.backoffMs(3)).isEqualTo(400);
    assertThat(policy.backoffMs(4)).isEqualTo(700);
    assertThat(policy.backoffMs(5)).isEqualTo(700);
  }

  @Test
  void fixedBackoffNeverChanges() {
    RetryPolicy policy = RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(50));

    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.backoffMs(1)).isEqualTo(50);
    assertThat(policy.backoffMs(2)).isEqualTo(50);
  }

  @Test
  void invalidArgumentsAreNamed() {
    Duration second = Duration.ofSeconds(1);

    assertThatThrownBy(() -> RetryPolicy.ofExponentialBackoff(0, second, 2, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be >= 1: 0");
    assertThatThrownBy(() -> RetryPolicy.ofExponentialBackoff(2, second, 0.5, second))
        .hasMessage("multiplier must be >= 1: 0.5");
    assertThatThrownBy(() -> RetryPolicy.ofExponentialBackoff(2, second, 2, Duration.ZERO))
        .hasMessageStartingWith("maxBackoff must be >= initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.ofExponentialBackoff(2, Duration.ofMillis(-1), 2, second))
        .hasMessageStartingWith("initialBackoff must be >= 0");
  }
}
