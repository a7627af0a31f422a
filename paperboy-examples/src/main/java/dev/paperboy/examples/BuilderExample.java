package dev.paperboy.examples;

import dev.paperboy.EngineOptions;
import dev.paperboy.PaperboyEngine;
import org.apache.kafka.common.serialization.StringDeserializer;

/** An engine made by the builder, with a lambda handler beside a class handler. */
public final class BuilderExample {
  private BuilderExample() {}

  /** The engine; {@code start()} it on a thread of your own. */
  public static PaperboyEngine<String, String> engine(String bootstrapServers) {
    // tag::builder[]
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers(bootstrapServers)
            .groupId("example-group")
            .config("auto.offset.reset", "earliest")
            .handler(new ExampleTopicHandler())
            .handler("audit", (msg, ctx) -> System.out.println("audit: " + msg.value()))
            .options(EngineOptions.builder().failOnException(false).build())
            .build();
    // end::builder[]
    return engine;
  }
}
