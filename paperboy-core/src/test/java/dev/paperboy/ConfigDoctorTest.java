package dev.paperboy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.paperboy.ConfigDoctor.Finding;
import dev.paperboy.ConfigDoctor.Severity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDoctorTest {
  private static final EngineOptions DEFAULTS = EngineOptions.defaults();

  private final Map<String, Object> config =
      new HashMap<>(
          Map.of(
              "bootstrap.servers", "broker-1:9092",
              "group.id", "orders-service",
              "isolation.level", "read_committed"));

  @Test
  void findsNothingInASoundConfiguration() {
    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings).isEmpty();
  }

  @Test
  void refusesAMissingBootstrapServers() {
    config.remove("bootstrap.servers");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.setting()).isEqualTo("bootstrap.servers");
              assertThat(f.message()).contains("bootstrap.servers is missing or blank");
            });
  }

  @Test
  void refusesABlankBootstrapServersAsStringOrList() {
    config.put("bootstrap.servers", " , ");
    Map<String, Object> asList = new HashMap<>(config);
    asList.put("bootstrap.servers", List.of(" "));

    List<Finding> fromString = ConfigDoctor.examine(config, DEFAULTS);
    List<Finding> fromList = ConfigDoctor.examine(asList, DEFAULTS);

    assertThat(fromString).extracting(Finding::setting).containsExactly("bootstrap.servers");
    assertThat(fromList).extracting(Finding::setting).containsExactly("bootstrap.servers");
  }

  @Test
  void refusesAMissingGroupId() {
    config.put("group.id", "");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
              assertThat(f.message()).contains("group.id is missing or blank", "groupId");
            });
  }

  @Test
  void refusesSettingsTheConsumerProtocolRejects() {
    config.put("group.protocol", "CONSUMER");
    config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
    config.put("session.timeout.ms", 45_000);
    config.put("heartbeat.interval.ms", "3000");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .extracting(Finding::severity, Finding::setting)
        .containsExactlyInAnyOrder(
            tuple(Severity.ERROR, "partition.assignment.strategy"),
            tuple(Severity.ERROR, "session.timeout.ms"),
            tuple(Severity.ERROR, "heartbeat.interval.ms"));
    assertThat(findings.get(0).message())
        .contains("cannot be set with group.protocol=consumer", "group.protocol=classic");
  }

  @Test
  void letsTheClassicProtocolKeepItsAssignorAndTimeouts() {
    config.put("group.protocol", "classic");
    config.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor");
    config.put("session.timeout.ms", 45_000);

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings).isEmpty();
  }

  @Test
  void warnsWhenThePollIntervalIsNotLongerThanTheShutdownTimeout() {
    config.put("max.poll.interval.ms", "20000");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.setting()).isEqualTo("max.poll.interval.ms");
              assertThat(f.message())
                  .contains("max.poll.interval.ms=20000", "shutdownTimeoutMs=30000", "raise");
            });
  }

  @Test
  void comparesKafkasDefaultPollIntervalWithALongShutdownTimeout() {
    EngineOptions options = EngineOptions.builder().shutdownTimeoutMs(300_000).build();

    List<Finding> findings = ConfigDoctor.examine(config, options);

    assertThat(findings).extracting(Finding::setting).containsExactly("max.poll.interval.ms");
  }

  @Test
  void warnsAboutAutoOffsetResetNone() {
    config.put("auto.offset.reset", "none");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message()).contains("auto.offset.reset=none", "earliest");
            });
  }

  @Test
  void warnsWhenOnePollCanExceedThePendingRecordLimit() {
    config.put("max.poll.records", 20_000);

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.message())
                  .contains("max.poll.records=20000", "maxPendingRecordsPerPartition=10000");
            });
  }

  @Test
  void warnsWhenOneFetchCanExceedThePendingByteLimit() {
    config.put("max.partition.fetch.bytes", 32 << 20);

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.setting()).isEqualTo("max.partition.fetch.bytes");
              assertThat(f.message()).contains("maxPendingBytesPerPartition=16777216");
            });
  }

  @Test
  void namesFetchMaxBytesWhenItCapsThePartitionFetch() {
    config.put("max.partition.fetch.bytes", 64 << 20);
    config.put("fetch.max.bytes", 32 << 20);

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings).extracting(Finding::setting).containsExactly("fetch.max.bytes");
  }

  @Test
  void comparesKafkasDefaultFetchSizeWithASmallByteLimit() {
    EngineOptions options = EngineOptions.builder().maxPendingBytesPerPartition(64 << 10).build();

    List<Finding> findings = ConfigDoctor.examine(config, options);

    assertThat(findings)
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("1048576 (Kafka's default)"));
  }

  @Test
  void warnsWhenThePendingLimitIsBelowTheBulkBatch() {
    EngineOptions options =
        EngineOptions.builder()
            .maxPendingRecordsPerPartition(1_000)
            .bulkModeMaxRecords(5_000)
            .build();

    List<Finding> findings = ConfigDoctor.examine(config, options);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.setting()).isEqualTo("maxPendingRecordsPerPartition");
              assertThat(f.message()).contains("below bulkModeMaxRecords=5000");
            });
  }

  @Test
  void letsASmallPendingLimitBeWhenBulkModeNeverHappens() {
    EngineOptions options =
        EngineOptions.builder()
            .maxPendingRecordsPerPartition(1_000)
            .bulkModeMaxRecords(5_000)
            .withBulkMode(false)
            .bulkModeThreshold(null)
            .build();

    List<Finding> findings = ConfigDoctor.examine(config, options);

    assertThat(findings).isEmpty();
  }

  @Test
  void mentionsAnUnsetIsolationLevelAsInfo() {
    config.remove("isolation.level");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.message()).contains("read_uncommitted", "read_committed");
            });
  }

  @Test
  void takesAnExplicitReadUncommittedAsIntended() {
    config.put("isolation.level", "read_uncommitted");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings).isEmpty();
  }

  @Test
  void warnsAboutAMisspelledKeyAndSuggestsTheKnownOne() {
    config.put("auto.offset.rest", "earliest");
    config.put("schema.registry.url", "https://registry:8081");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.setting()).isEqualTo("auto.offset.rest");
              assertThat(f.message()).contains("did you mean auto.offset.reset?");
            });
  }

  @Test
  void neverEchoesTheValueOfAMisspelledKey() {
    config.put("ssl.truststore.pasword", "hunter2");
    config.put("sasl.jaas.confg", "password=\"hunter2\";");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings).hasSize(2);
    assertThat(findings).allSatisfy(f -> assertThat(f.message()).doesNotContain("hunter2"));
  }

  @Test
  void listsErrorsFirst() {
    config.remove("isolation.level");
    config.put("auto.offset.reset", "none");
    config.remove("group.id");

    List<Finding> findings = ConfigDoctor.examine(config, DEFAULTS);

    assertThat(findings)
        .extracting(Finding::severity)
        .containsExactly(Severity.ERROR, Severity.WARNING, Severity.INFO);
  }

  @Test
  void checkThrowsOneExceptionListingEveryError() {
    config.remove("bootstrap.servers");
    config.remove("group.id");
    config.put("auto.offset.reset", "none");

    assertThatThrownBy(() -> ConfigDoctor.check(config, DEFAULTS))
        .isInstanceOf(PaperboyException.class)
        .hasMessageContaining("bootstrap.servers is missing")
        .hasMessageContaining("group.id is missing")
        .hasMessageNotContaining("auto.offset.reset");
  }

  @Test
  void checkReturnsWarningsAndInfos() {
    config.remove("isolation.level");
    config.put("auto.offset.reset", "none");

    List<Finding> findings = ConfigDoctor.check(config, DEFAULTS);

    assertThat(findings)
        .extracting(Finding::setting)
        .containsExactly("auto.offset.reset", "isolation.level");
  }
}
