package dev.paperboy.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one {@link EmbeddedKafka} single-node cluster per test class and
 * stops it after the class. Test methods, constructors and lifecycle methods receive it as a
 * parameter:
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class OrdersHandlerIT {
 *   @Test
 *   void handlesEveryOrder(EmbeddedKafka kafka) {
 *     String topic = EmbeddedKafka.uniqueName("orders");
 *     kafka.createTopic(topic, 3);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Nested test classes share their outer class's cluster.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

  /** Creates the extension; JUnit calls this through {@code @ExtendWith}. */
  public EmbeddedKafkaExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return cluster(context);
  }

  private static EmbeddedKafka cluster(ExtensionContext context) {
    ExtensionContext classContext = outermostClassContext(context);
    return classContext
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "cluster", key -> new ClosableCluster(EmbeddedKafka.start()), ClosableCluster.class)
        .kafka;
  }

  private static ExtensionContext outermostClassContext(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getParent().isPresent()
        && classContext.getParent().get().getTestClass().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext;
  }

  /** Lets the JUnit store close the cluster when the class context ends. */
  private static final class ClosableCluster implements AutoCloseable {
    final EmbeddedKafka kafka;

    ClosableCluster(EmbeddedKafka kafka) {
      this.kafka = kafka;
    }

    @Override
    public void close() {
      kafka.close();
    }
  }
}
