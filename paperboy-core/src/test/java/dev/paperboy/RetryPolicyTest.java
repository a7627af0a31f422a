package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final RetryPolicy THREE = RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(10));

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

  @Test
  void everyErrorIsRetriedUnlessConditionsSayOtherwise() {
    assertThat(THREE.retries(new IllegalStateException("boom"))).isTrue();
    assertThat(THREE.retries(new IOException("gone"))).isTrue();
  }

  @Test
  void noneRetriesNothing() {
    assertThat(RetryPolicy.none().retries(new IOException("gone"))).isFalse();
    assertThat(RetryPolicy.none().retryOnlyFor(IOException.class).retries(new IOException("gone")))
        .isFalse();
  }

  @Test
  void noRetryForSkipsRetriesWhenTheErrorOrOneOfItsCausesMatches() {
    RetryPolicy policy = THREE.noRetryFor(IllegalArgumentException.class);

    assertThat(policy.retries(new NumberFormatException("twelve"))).isFalse();
    assertThat(policy.retries(new RuntimeException(new IllegalArgumentException("bad")))).isFalse();
    assertThat(policy.retries(new IllegalStateException("busy"))).isTrue();
  }

  @Test
  void retryOnlyForRetriesOnlyWhenTheErrorOrOneOfItsCausesMatches() {
    RetryPolicy policy = THREE.retryOnlyFor(IOException.class, TimeoutException.class);

    assertThat(policy.retries(new SocketTimeoutException("slow"))).isTrue();
    assertThat(policy.retries(new UncheckedIOException(new IOException("gone")))).isTrue();
    assertThat(policy.retries(new TimeoutException("late"))).isTrue();
    assertThat(policy.retries(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void noRetryForWinsOverRetryOnlyFor() {
    RetryPolicy policy =
        THREE.retryOnlyFor(IOException.class).noRetryFor(SocketTimeoutException.class);

    assertThat(policy.retries(new IOException("gone"))).isTrue();
    assertThat(policy.retries(new SocketTimeoutException("slow"))).isFalse();
  }

  @Test
  void retryIfRetriesOnlyWhatEveryConditionAccepts() {
    RetryPolicy policy =
        THREE
            .retryIf(e -> e.getMessage() != null)
            .retryIf(e -> !e.getMessage().contains("permanent"));

    assertThat(policy.retries(new IllegalStateException("transient"))).isTrue();
    assertThat(policy.retries(new IllegalStateException("permanent"))).isFalse();
    assertThat(policy.retries(new IllegalStateException())).isFalse();
  }

  @Test
  void exceptionClassesAddUpOverCalls() {
    RetryPolicy policy =
        THREE.noRetryFor(IllegalArgumentException.class).noRetryFor(ArithmeticException.class);

    assertThat(policy.retries(new IllegalArgumentException())).isFalse();
    assertThat(policy.retries(new ArithmeticException())).isFalse();
    assertThat(policy.retries(new IllegalStateException())).isTrue();
  }

  @Test
  void conditionsLeaveTheOriginalPolicyUnchanged() {
    RetryPolicy narrowed =
        THREE
            .noRetryFor(IllegalStateException.class)
            .retryIf(e -> false)
            .retryOnlyFor(IOException.class);

    assertThat(THREE.retries(new IllegalStateException())).isTrue();
    assertThat(narrowed.maxAttempts()).isEqualTo(3);
    assertThat(narrowed.backoffMs(1)).isEqualTo(10);
    assertThat(narrowed).isNotEqualTo(THREE);
  }

  @Test
  void causeCyclesEndTheSearch() {
    IllegalStateException first = new IllegalStateException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);

    assertThat(THREE.noRetryFor(IOException.class).retries(second)).isTrue();
    assertThat(THREE.retryOnlyFor(IOException.class).retries(second)).isFalse();
  }

  @Test
  void invalidConditionsAreRejectedNamingTheMethod() {
    Class<? extends Throwable>[] none = null;
    Predicate<? super Exception> noCondition = null;

    assertThatThrownBy(() -> THREE.noRetryFor())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noRetryFor needs at least one exception class");
    assertThatThrownBy(() -> THREE.retryOnlyFor())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryOnlyFor needs at least one exception class");
    assertThatThrownBy(() -> THREE.noRetryFor(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noRetryFor exception classes must not be null");
    assertThatThrownBy(() -> THREE.retryOnlyFor(IOException.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryOnlyFor exception classes must not be null");
    assertThatThrownBy(() -> THREE.retryIf(noCondition))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryIf condition must not be null");
    assertThatThrownBy(() -> THREE.retries(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("error must not be null");
  }

  @Test
  void policiesOfTheSameValuesAreEqual() {
    Predicate<Exception> transientOnly = e -> true;

    RetryPolicy one =
        RetryPolicy.ofFixedBackoff(3, Duration.ofMillis(10))
            .noRetryFor(IllegalArgumentException.class, ArithmeticException.class)
            .retryIf(transientOnly);
    RetryPolicy other =
        RetryPolicy.ofExponentialBackoff(3, Duration.ofMillis(10), 1.0, Duration.ofMillis(10))
            .noRetryFor(ArithmeticException.class)
            .noRetryFor(IllegalArgumentException.class)
            .retryIf(transientOnly);

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one).isNotEqualTo(other.retryOnlyFor(IOException.class));
    assertThat(one).isNotEqualTo(THREE.noRetryFor(IllegalArgumentException.class));
    assertThat(RetryPolicy.ofFixedBackoff(1, Duration.ZERO)).isEqualTo(RetryPolicy.none());
    assertThat(THREE).isNotEqualTo(RetryPolicy.ofFixedBackoff(4, Duration.ofMillis(10)));
  }

  @Test
  void toStringNamesTheConditions() {
    RetryPolicy policy =
        THREE
            .noRetryFor(IllegalArgumentException.class)
            .retryOnlyFor(IOException.class)
            .retryIf(e -> true);

    assertThat(policy.toString())
        .isEqualTo(
            "RetryPolicy{maxAttempts=3, initialBackoffMs=10, multiplier=1.0, maxBackoffMs=10,"
                + " noRetryFor=[java.lang.IllegalArgumentException],"
                + " retryOnlyFor=[java.io.IOException], retryIf=1 condition(s)}");
    assertThat(RetryPolicy.none().toString()).isEqualTo("RetryPolicy{none}");
  }
}
