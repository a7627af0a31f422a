package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigKeySpellingTest {

  @Test
  void suggestsTheKeyATypoMeans() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("auto.offset.rest", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).hasValue("auto.offset.reset");
  }

  @Test
  void countsSwappedNeighboursAsOneEdit() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("group.di", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).hasValue("group.id");
  }

  @Test
  void ignoresCase() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("Bootstrap.Servers", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).hasValue("bootstrap.servers");
  }

  @Test
  void allowsTwoEditsInALongKey() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("max.pol.records.", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).hasValue("max.poll.records");
  }

  @Test
  void allowsOneEditInAShortKey() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("grop.idd", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).isEmpty();
  }

  @Test
  void leavesKnownKeysAlone() {
    Optional<String> suggestion =
        ConfigKeySpelling.suggestion("fetch.max.bytes", ConfigKeySpelling.CONSUMER_KEYS);

    assertThat(suggestion).isEmpty();
  }

  @Test
  void leavesPluginKeysAlone() {
    assertThat(ConfigKeySpelling.suggestion("schema.registry.url", ConfigKeySpelling.CONSUMER_KEYS))
        .isEmpty();
    assertThat(
            ConfigKeySpelling.suggestion("specific.avro.reader", ConfigKeySpelling.CONSUMER_KEYS))
        .isEmpty();
    assertThat(
            ConfigKeySpelling.suggestion(
                "basic.auth.credentials.source", ConfigKeySpelling.CONSUMER_KEYS))
        .isEmpty();
    assertThat(
            ConfigKeySpelling.suggestion(
                "config.providers.file.class", ConfigKeySpelling.CONSUMER_KEYS))
        .isEmpty();
  }

  @Test
  void measuresInsertionsDeletionsReplacementsAndSwaps() {
    assertThat(ConfigKeySpelling.distance("abc", "abc")).isZero();
    assertThat(ConfigKeySpelling.distance("abc", "abxc")).isEqualTo(1);
    assertThat(ConfigKeySpelling.distance("abc", "ac")).isEqualTo(1);
    assertThat(ConfigKeySpelling.distance("abc", "abd")).isEqualTo(1);
    assertThat(ConfigKeySpelling.distance("abc", "acb")).isEqualTo(1);
    assertThat(ConfigKeySpelling.distance("", "abc")).isEqualTo(3);
  }
}
