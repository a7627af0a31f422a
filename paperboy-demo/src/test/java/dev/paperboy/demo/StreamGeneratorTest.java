package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class StreamGeneratorTest {
  private final Topics topics = Topics.plain(3);

  @Test
  void theSameSeedMakesTheSameStream() {
    assertThat(take(new StreamGenerator(topics, 7), 1_000))
        .isEqualTo(take(new StreamGenerator(topics, 7), 1_000));
  }

  @Test
  void aboutAThirdAreUserEventsWithSomeTombstones() {
    List<ProducerRecord<String, String>> stream = take(new StreamGenerator(topics, 1), 30_000);

    long users = stream.stream().filter(r -> r.topic().equals("users")).count();
    long tombstones = stream.stream().filter(r -> r.value() == null).count();
    assertThat(users).isBetween(9_000L, 11_500L);
    assertThat(tombstones).isBetween(300L, 700L);
    assertThat(stream).allSatisfy(r -> assertThat(r.key()).isNotBlank());
  }

  @Test
  void everyOrderRefersToAUserWhoSignedUpBefore() {
    Set<String> signedUp = new HashSet<>();
    for (ProducerRecord<String, String> r : take(new StreamGenerator(topics, 3), 20_000)) {
      if (r.topic().equals("users")) {
        signedUp.add(r.key());
      } else {
        assertThat(signedUp).contains(r.key());
        assertThat(r.value()).contains("\"user\":\"" + r.key() + "\"");
        assertThat(OrdersHandler.amountCents(r.value())).isPositive();
      }
    }
  }

  private static List<ProducerRecord<String, String>> take(StreamGenerator generator, int n) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(generator.next());
    }
    return records;
  }
}
