package dev.paperboy.micrometer;

import dev.paperboy.PaperboyEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Binds the engine consumer's own Kafka metrics with Micrometer's {@link KafkaClientMetrics}, the
 * binder Micrometer documents for Kafka clients (meters named {@code kafka.consumer.*}).
 *
 * <p>{@code KafkaClientMetrics} takes a {@code Consumer} and only ever calls its {@code metrics()};
 * the binder that takes a metrics supplier directly ({@code KafkaMetrics}) is package-private in
 * Micrometer. The engine does not hand its consumer out (one thread owns it), so the binder gets a
 * stand-in whose {@code metrics()} is {@link PaperboyEngine#clientMetrics()} and whose every other
 * method throws. {@code KafkaClientMetrics} reads the metrics when bound and again every minute on
 * a thread of its own, adding meters for metrics that appeared (per topic and per partition ones)
 * and removing those that went away; {@link #close()} stops that thread and removes its meters.
 */
final class ClientMetricsBinding implements AutoCloseable {
  private final KafkaClientMetrics binder;

  private ClientMetricsBinding(KafkaClientMetrics binder) {
    this.binder = binder;
  }

  /** Binds the metrics the engine's consumer has now, tagged with {@code tags}. */
  static ClientMetricsBinding bind(PaperboyEngine<?, ?> engine, Tags tags, MeterRegistry registry) {
    KafkaClientMetrics binder = new KafkaClientMetrics(metricsOf(engine), tags);
    binder.bindTo(registry);
    return new ClientMetricsBinding(binder);
  }

  @Override
  public void close() {
    binder.close();
  }

  /** A {@code Consumer} that answers {@code metrics()} from the engine and nothing else. */
  static Consumer<?, ?> metricsOf(PaperboyEngine<?, ?> engine) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (isMetrics(method)) {
            return safeMetrics(engine);
          }
          switch (method.getName()) {
            case "equals":
              return proxy == args[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            case "toString":
              return "the metrics of a Paperboy engine's consumer";
            default:
              throw new UnsupportedOperationException(
                  method.getName() + ": only metrics() is available from a Paperboy engine");
          }
        };
    return (Consumer<?, ?>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, handler);
  }

  private static boolean isMetrics(Method method) {
    return method.getName().equals("metrics") && method.getParameterCount() == 0;
  }

  /** The engine's client metrics; none if reading them fails, which would end the refreshes. */
  private static Map<MetricName, ? extends Metric> safeMetrics(PaperboyEngine<?, ?> engine) {
    try {
      return engine.clientMetrics();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }
}
