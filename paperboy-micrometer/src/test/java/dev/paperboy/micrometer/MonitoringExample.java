package dev.paperboy.micrometer;

import dev.paperboy.PaperboyEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

/** The README's examples of monitoring an engine, compiled here so the README cannot drift. */
final class MonitoringExample {
  private MonitoringExample() {}

  static PaperboyMetrics withDefaults(PaperboyEngine<?, ?> engine, MeterRegistry registry) {
    // tag::monitor[]
    PaperboyMetrics metrics = PaperboyMetrics.monitor(engine, registry); // before engine.start()
    // end::monitor[]
    return metrics;
  }

  static PaperboyMetrics withOptions(PaperboyEngine<?, ?> engine, MeterRegistry registry) {
    // tag::monitor-options[]
    PaperboyMetrics metrics =
        PaperboyMetrics.builder()
            .engineName("orders") //     the engine tag; default: the engine's group.id
            .partitionLag(true) //       a lag gauge per owned partition; default: false
            .clientMetrics(true) //      the consumer's kafka.consumer.* meters; default: true
            .monitor(engine, registry); // before engine.start()
    // ... engine.start() runs, engine.close() stops it ...
    metrics.close(); //                  removes the engine's meters from the registry
    // end::monitor-options[]
    return metrics;
  }

  static void withoutPartitionMeters(MeterRegistry registry) {
    // tag::partition-filter[]
    registry // before monitor(): a filter applies to the meters registered after it
        .config()
        .meterFilter(
            MeterFilter.deny(
                id -> id.getName().startsWith("kafka.consumer") && id.getTag("partition") != null));
    // end::partition-filter[]
  }
}
