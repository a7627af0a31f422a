package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterPolicyTest {

  @Test
  void policiesOfTheSameSettingsAreEqual() {
    Serializer<String> serializer = new StringSerializer();

    DeadLetterPolicy one =
        DeadLetterPolicy.builder()
            .producerConfig("acks", "all")
            .valueSerializer(serializer)
            .build();
    DeadLetterPolicy other =
        DeadLetterPolicy.builder()
            .producerConfig("acks", "all")
            .valueSerializer(serializer)
            .build();

    assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    assertThat(DeadLetterPolicy.defaults()).isEqualTo(DeadLetterPolicy.defaults());
    assertThat(one).isNotEqualTo(DeadLetterPolicy.defaults());
    assertThat(one)
        .isNotEqualTo(
            DeadLetterPolicy.builder()
                .producerConfig("acks", "all")
                .valueSerializer(new StringSerializer())
                .build());
  }
}
