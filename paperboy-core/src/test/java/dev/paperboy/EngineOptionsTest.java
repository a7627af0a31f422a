package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {
  private static final PaperboyListener LISTENER = new PaperboyListener() {};
  private static final DeadLetterPolicy DEAD_LETTER =
      DeadLetterPolicy.builder().producerConfig("acks", "all").build();

  @Test
  void defaultsAreTheDocumentedOnes() {
    EngineOptions options = EngineOptions.defaults();

    assertThat(options.withCommit()).isTrue();
    assertThat(options.failOnException()).isTrue();
    assertThat(options.withBulkMode()).isFalse();
    assertThat(options.bulkModeTimeoutMs()).isEqualTo(10_000);
    assertThat(options.bulkModeMaxRecords()).isEqualTo(10_000);
    assertThat(options.bulkModeMaxBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(options.bulkModeThreshold()).hasValue(1_000);
    assertThat(options.commitIntervalMs()).isEqualTo(10_000);
    assertThat(options.shutdownHook()).isTrue();
    assertThat(options.listener()).isSameAs(PaperboyListener.NONE);
  }

  @Test
  void nullThresholdTurnsSwitchingOff() {
    assertThat(EngineOptions.builder().bulkModeThreshold(null).build().bulkModeThreshold())
        .isEmpty();
  }

  @Test
  void durationOverloadsSetTheMilliseconds() {
    EngineOptions options =
        EngineOptions.builder()
            .commitInterval(Duration.ofSeconds(2))
            .bulkModeTimeout(Duration.ofMillis(250))
            .shutdownTimeout(Duration.ofSeconds(3))
            .build();

    assertThat(options.commitIntervalMs()).isEqualTo(2_000);
    assertThat(options.bulkModeTimeoutMs()).isEqualTo(250);
    assertThat(options.shutdownTimeoutMs()).isEqualTo(3_000);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    EngineOptions options =
        EngineOptions.builder()
            .failOnException(false)
            .bulkModeMaxRecords(7)
            .bulkModeMaxBytes(4_096)
            .build();

    EngineOptions copy = options.toBuilder().build();

    assertThat(copy.toString()).isEqualTo(options.toString()).contains("bulkModeMaxBytes=4096");
  }

  @Test
  void invalidValuesAreRejectedNamingTheOption() {
    EngineOptions.Builder builder = EngineOptions.builder();

    assertThatThrownBy(() -> builder.bulkModeMaxRecords(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bulkModeMaxRecords must be > 0: 0");
    assertThatThrownBy(() -> builder.bulkModeMaxBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bulkModeMaxBytes must be > 0: 0");
    assertThatThrownBy(() -> builder.bulkModeTimeoutMs(-1))
        .hasMessage("bulkModeTimeoutMs must be >= 0: -1");
    assertThatThrownBy(() -> builder.bulkModeThreshold(-5L))
        .hasMessage("bulkModeThreshold must be >= 0 or null: -5");
    assertThatThrownBy(() -> builder.commitIntervalMs(-1))
        .hasMessage("commitIntervalMs must be >= 0: -1");
    assertThatThrownBy(() -> builder.handlerThreads(0)).hasMessage("handlerThreads must be > 0: 0");
    assertThatThrownBy(() -> builder.maxPendingRecordsPerPartition(0))
        .hasMessage("maxPendingRecordsPerPartition must be > 0: 0");
    assertThatThrownBy(() -> builder.shutdownTimeoutMs(-1))
        .hasMessage("shutdownTimeoutMs must be >= 0: -1");
    assertThatThrownBy(() -> builder.commitInterval(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commitInterval must not be null");
  }

  @Test
  void optionsOfTheSameValuesAreEqual() {
    EngineOptions one = changedInEveryValue().build();
    EngineOptions other = changedInEveryValue().build();

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(one.toBuilder().build()).isEqualTo(one);
    assertThat(EngineOptions.builder().build()).isEqualTo(EngineOptions.defaults());
  }

  @Test
  void optionsDifferingInAnyOneValueAreNotEqual() {
    List<UnaryOperator<EngineOptions.Builder>> changes = everyValueChanged();

    for (UnaryOperator<EngineOptions.Builder> change :
        changes.subList(0, JAVA_21 ? changes.size() : changes.size() - 1)) {
      EngineOptions changed = change.apply(EngineOptions.builder()).build();

      assertThat(changed).as(changed.toString()).isNotEqualTo(EngineOptions.defaults());
    }
    assertThat(changes)
        .as("one change per value of EngineOptions")
        .hasSize(
            (int)
                Arrays.stream(EngineOptions.class.getDeclaredFields())
                    .filter(f -> !Modifier.isStatic(f.getModifiers()))
                    .count());
  }

  private static EngineOptions.Builder changedInEveryValue() {
    EngineOptions.Builder builder = EngineOptions.builder();
    everyValueChanged().forEach(change -> change.apply(builder));
    return builder;
  }

  /** Every value of the options set to something other than its default, one change each. */
  private static List<UnaryOperator<EngineOptions.Builder>> everyValueChanged() {
    return List.of(
        b -> b.withCommit(false),
        b -> b.failOnException(false),
        b -> b.withBulkMode(true),
        b -> b.bulkModeTimeoutMs(1),
        b -> b.bulkModeMaxRecords(1),
        b -> b.bulkModeMaxBytes(1),
        b -> b.bulkModeThreshold(null),
        b -> b.commitIntervalMs(1),
        b -> b.handlerThreads(1),
        b -> b.maxPendingRecordsPerPartition(1),
        b -> b.maxPendingBytesPerPartition(1),
        b -> b.shutdownTimeoutMs(1),
        b -> b.shutdownHook(false),
        b -> b.listener(LISTENER),
        b -> b.retry(RetryPolicy.ofFixedBackoff(2, Duration.ofMillis(1))),
        b -> b.deadLetter(DEAD_LETTER),
        b -> b.startupTimeoutMs(1),
        b -> b.ordering(Ordering.KEY),
        // Java 17 refuses virtual threads at build(): stand in a change equal to the default there.
        b -> b.virtualThreads(JAVA_21));
  }

  private static final boolean JAVA_21 = Runtime.version().feature() >= 21;

  @Test
  void virtualThreadsNeedJava21() {
    EngineOptions.Builder builder = EngineOptions.builder().virtualThreads(true);
    if (JAVA_21) {
      assertThat(builder.build().virtualThreads()).isTrue();
    } else {
      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("virtualThreads(true) needs Java 21 or newer")
          .hasMessageContaining("Java " + Runtime.version().feature());
    }
  }

  @Test
  void orderingIsPartitionByDefaultAndNeverNull() {
    assertThat(EngineOptions.defaults().ordering()).isEqualTo(Ordering.PARTITION);
    assertThatThrownBy(() -> EngineOptions.builder().ordering(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ordering");
  }

  @Test
  void aNullListenerIsRefusedLikeEveryOtherInvalidValue() {
    assertThatThrownBy(() -> EngineOptions.builder().listener(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("listener must not be null");
  }
}
