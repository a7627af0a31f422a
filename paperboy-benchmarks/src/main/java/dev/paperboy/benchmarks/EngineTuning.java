package dev.paperboy.benchmarks;

import dev.paperboy.EngineOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Applies {@code bench.engine.<option>=<value>} system properties of a run's JVM to its engine
 * options, for experiments: {@code -Dbench.engine.maxPendingRecordsPerPartition=10000} calls {@code
 * EngineOptions.Builder.maxPendingRecordsPerPartition(10000)}. Options taking an int, a long, a
 * Long or a boolean can be set; anything else is refused with the option's name.
 */
final class EngineTuning {
  private static final String PREFIX = "bench.engine.";

  private EngineTuning() {}

  static EngineOptions.Builder apply(EngineOptions.Builder builder) {
    for (String property : System.getProperties().stringPropertyNames()) {
      if (property.startsWith(PREFIX)) {
        set(builder, property.substring(PREFIX.length()), System.getProperty(property).trim());
      }
    }
    return builder;
  }

  private static void set(EngineOptions.Builder builder, String option, String value) {
    for (Method method : EngineOptions.Builder.class.getMethods()) {
      if (method.getName().equals(option) && method.getParameterCount() == 1) {
        Object argument = parse(method.getParameterTypes()[0], value);
        if (argument == null) {
          continue;
        }
        try {
          method.invoke(builder, argument);
          return;
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalArgumentException(
              PREFIX + option + "=" + value + ": " + e.getCause(), e);
        }
      }
    }
    throw new IllegalArgumentException(
        PREFIX + option + ": EngineOptions.Builder has no int, long or boolean option " + option);
  }

  private static Object parse(Class<?> type, String value) {
    if (type == int.class) {
      return Integer.valueOf(value);
    }
    if (type == long.class || type == Long.class) {
      return "null".equals(value) && type == Long.class ? null : Long.valueOf(value);
    }
    if (type == boolean.class) {
      return Boolean.valueOf(value);
    }
    return null;
  }
}
