package dev.paperboy.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.PaperboyListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecorderForwardingTest {

  @Test
  void harnessRecorderForwardsEveryListenerMethodToTheUsersListener() throws Exception {
    Class<?> recorder = Class.forName("dev.paperboy.test.EngineHarness$Recorder");
    List<String> missing = new ArrayList<>();

    for (Method method : PaperboyListener.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method own = recorder.getMethod(method.getName(), method.getParameterTypes());
      if (own.getDeclaringClass() != recorder) {
        missing.add(method.getName());
      }
    }

    assertThat(missing).as("listener methods the harness would not forward").isEmpty();
  }
}
