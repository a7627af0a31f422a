package dev.paperboy.examples;

import dev.paperboy.PaperboyEngine;
import dev.paperboy.Sender;
import dev.paperboy.TypedSender;
import dev.paperboy.table.StateTable;
import dev.paperboy.table.Table;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A view, a state table and a sender in one engine. */
public final class TablesExample {
  private TablesExample() {}

  static PaperboyEngine<String, String> engine() {
    // tag::tables[]
    // reference data: a read-only view of an existing compacted topic
    Table<String, String> users = Table.view("users", Serdes.String(), Serdes.String());
    // state the service owns: handlers put and delete; written to its own compacted changelog
    StateTable<String, String> acceptedOrders =
        Table.builder("accepted-orders-changelog", Serdes.String(), Serdes.String())
            .partitions(6) //          if the engine creates it (default: num.partitions)
            .replicationFactor(3) //   (default: default.replication.factor)
            .buildStateTable();

    Sender sender = Sender.create();
    TypedSender<String, String> out = sender.typed(new StringSerializer(), new StringSerializer());
    PaperboyEngine<String, String> engine =
        PaperboyEngine.builder(new StringDeserializer(), new StringDeserializer())
            .bootstrapServers("localhost:9092")
            .groupId("orders-service")
            .table(users)
            .table(acceptedOrders)
            .sender(sender)
            .handler(
                "orders", // key: the order id, value: the user
                (msg, ctx) -> {
                  if (!users.containsKey(msg.value())) {
                    throw new IllegalArgumentException("unknown user " + msg.value());
                  }
                  // idempotent: handled again (a retry, a crash before the commit), it writes
                  // the same entry again
                  acceptedOrders.put(msg.key(), msg.value());
                  out.send("orders-accepted", msg.key(), msg.value());
                })
            .build();
    // end::tables[]
    return engine;
  }
}
