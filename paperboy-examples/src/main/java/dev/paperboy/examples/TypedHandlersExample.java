package dev.paperboy.examples;

import dev.paperboy.PaperboyEngine;
import dev.paperboy.PaperboyHandler;
import dev.paperboy.TypedHandler;
import dev.paperboy.jackson.JsonDeserializer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.StringDeserializer;

/** One engine, two topics of different types: JSON orders and plain-text notes. */
public final class TypedHandlersExample {
  // tag::typed-handlers[]
  /** An order, read from JSON. */
  public record Order(String id, String user, int total) {}

  // end::typed-handlers[]
  private final List<Order> orders = new CopyOnWriteArrayList<>();
  private final List<String> notes = new CopyOnWriteArrayList<>();

  /** The engine; {@code start()} it on a thread of your own. */
  public PaperboyEngine<byte[], byte[]> engine(String bootstrapServers) {
    // tag::typed-handlers[]
    PaperboyHandler<String, Order> orderHandler =
        PaperboyHandler.of("orders", (msg, ctx) -> orders.add(msg.value()));
    PaperboyHandler<String, String> noteHandler =
        PaperboyHandler.of("notes", (msg, ctx) -> notes.add(msg.value()));

    PaperboyEngine<byte[], byte[]> engine =
        PaperboyEngine.builder() // consumes bytes; each handler reads its own types
            .bootstrapServers(bootstrapServers)
            .groupId("example-group")
            .config("auto.offset.reset", "earliest")
            .handler(
                TypedHandler.of(
                    orderHandler, new StringDeserializer(), JsonDeserializer.of(Order.class)))
            .handler(
                TypedHandler.of(noteHandler, new StringDeserializer(), new StringDeserializer()))
            .build();
    // end::typed-handlers[]
    return engine;
  }

  public List<Order> orders() {
    return orders;
  }

  public List<String> notes() {
    return notes;
  }
}
