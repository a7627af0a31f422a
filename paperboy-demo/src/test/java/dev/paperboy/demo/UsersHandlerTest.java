package dev.paperboy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Context;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class UsersHandlerTest {
  private final UserTable table = new UserTable();
  private final UsersHandler handler = new UsersHandler("users", table);

  @Test
  void aBatchCollapsesToTheLastEventPerUser() {
    List<ConsumerRecord<String, String>> batch =
        List.of(
            user(0, "u-1", "{\"v\":1}"),
            user(1, "u-2", "{\"v\":1}"),
            user(2, "u-1", "{\"v\":2}"),
            user(3, "u-2", null),
            user(4, "u-3", "{\"v\":1}"));

    handler.onBulk(batch, new Context());

    assertThat(handler.stats()).isEqualTo(new Summary.UserStats(2, 1, 0, 1, 5, 3));
    assertThat(handler.tally().handled()).isEqualTo(5);
    assertThat(handler.tally().position(0)).isEqualTo(5);
  }

  @Test
  void singleRecordsAndTombstonesAreWrittenOneByOne() {
    handler.onMessage(user(0, "u-1", "{}"), new Context());
    handler.onTombstone(user(1, "u-1", null), new Context());

    assertThat(handler.stats()).isEqualTo(new Summary.UserStats(0, 1, 2, 0, 0, 0));
    assertThat(handler.tally().handled()).isEqualTo(2);
  }

  private static ConsumerRecord<String, String> user(long offset, String id, String profile) {
    return new ConsumerRecord<>("users", 0, offset, id, profile);
  }
}
