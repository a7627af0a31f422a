package dev.paperboy.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaHeadersGetterTest {

  @Test
  void readsTheLastValueOfAHeaderAsUtf8() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", bytes("00-old-01"));
    headers.add("traceparent", bytes("00-new-01"));

    String value = KafkaHeadersGetter.INSTANCE.get(headers, "traceparent");

    assertThat(value).isEqualTo("00-new-01");
  }

  @Test
  void headerWithoutValueOrCarrierIsAbsent() {
    Headers headers = new RecordHeaders();
    headers.add("traceparent", null);

    assertThat(KafkaHeadersGetter.INSTANCE.get(headers, "traceparent")).isNull();
    assertThat(KafkaHeadersGetter.INSTANCE.get(headers, "tracestate")).isNull();
    assertThat(KafkaHeadersGetter.INSTANCE.get(null, "traceparent")).isNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
