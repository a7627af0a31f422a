package dev.paperboy.opentelemetry;

import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads propagation fields ({@code traceparent}, {@code tracestate}, {@code baggage}) from a Kafka
 * record's headers, as UTF-8. A header set twice counts with its last value, as Kafka's own {@code
 * lastHeader} does; a header without a value is absent.
 */
enum KafkaHeadersGetter implements TextMapGetter<Headers> {
  INSTANCE;

  @Override
  public String get(Headers headers, String key) {
    if (headers == null) {
      return null;
    }
    Header header = headers.lastHeader(key);
    if (header == null || header.value() == null) {
      return null;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
