package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.ConsumptionMode;
import dev.paperboy.EngineState;
import dev.paperboy.PaperboyListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedListenerTest {

  @Test
  void forwardsEveryListenerMethod() throws Exception {
    List<String> forwarded = new ArrayList<>();
    PaperboyListener recorder =
        (PaperboyListener)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {PaperboyListener.class},
                (proxy, method, args) -> {
                  forwarded.add(method.getName());
                  return null;
                });
    GuardedListener guarded = new GuardedListener(recorder);
    List<String> expected = new ArrayList<>();

    for (Method method : PaperboyListener.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      expected.add(method.getName());
      method.invoke(guarded, defaults(method.getParameterTypes()));
    }

    assertThat(forwarded).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void swallowsWhatTheListenerThrows() {
    GuardedListener guarded =
        new GuardedListener(
            new PaperboyListener() {
              @Override
              public void onModeSwitched(ConsumptionMode from, ConsumptionMode to, long lag) {
                throw new IllegalStateException("broken metrics");
              }
            });

    assertThatCode(() -> guarded.onModeSwitched(ConsumptionMode.SINGLE, ConsumptionMode.BULK, 5))
        .doesNotThrowAnyException();
    assertThatCode(() -> guarded.onStateChanged(EngineState.CREATED, EngineState.STARTING))
        .doesNotThrowAnyException();
  }

  @Test
  void swallowsAnErrorTheListenerThrowsButNotTheJvmsOwn() {
    GuardedListener guarded =
        new GuardedListener(
            new PaperboyListener() {
              @Override
              public void onRecordsHandled(
                  org.apache.kafka.common.TopicPartition partition, int count, long nanos) {
                throw new AssertionError("a test listener's failed assertion");
              }

              @Override
              public void onProblem(String problem) {
                throw new OutOfMemoryError("the JVM's own");
              }
            });

    assertThatCode(() -> guarded.onRecordsHandled(null, 1, 1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> guarded.onProblem("x")).isInstanceOf(OutOfMemoryError.class);
  }

  private static Object[] defaults(Class<?>[] types) {
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      if (types[i] == boolean.class) {
        values[i] = false;
      } else if (types[i] == int.class) {
        values[i] = 0;
      } else if (types[i] == long.class) {
        values[i] = 0L;
      }
    }
    return values;
  }
}
