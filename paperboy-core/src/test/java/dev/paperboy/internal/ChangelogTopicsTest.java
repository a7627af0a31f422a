package dev.paperboy.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.PaperboyException;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

/** What an existing changelog topic's {@code cleanup.policy} must be for a state table. */
class ChangelogTopicsTest {

  @Test
  void aTopicDeletedByAgeIsRefusedNamingTheTopicAndTheSetting() {
    assertThatThrownBy(() -> ChangelogTopics.check("totals", policy("delete")))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("changelog topic totals")
        .hasMessageContaining("cleanup.policy=delete")
        .hasMessageContaining("set cleanup.policy=compact");
  }

  @Test
  void aTopicWithoutThePolicyIsDeletedByAgeAndRefused() {
    assertThatThrownBy(() -> ChangelogTopics.check("totals", new Config(List.of())))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("cleanup.policy=delete");
  }

  @Test
  void aCompactedTopicIsAcceptedAlsoWhenDeletedByAgeToo() {
    assertThatCode(() -> ChangelogTopics.check("totals", policy("compact")))
        .doesNotThrowAnyException();
    assertThatCode(() -> ChangelogTopics.check("totals", policy("compact, delete")))
        .doesNotThrowAnyException();
    assertThatCode(() -> ChangelogTopics.check("totals", policy("DELETE,COMPACT")))
        .doesNotThrowAnyException();
  }

  private static Config policy(String value) {
    return new Config(List.of(new ConfigEntry("cleanup.policy", value)));
  }
}
