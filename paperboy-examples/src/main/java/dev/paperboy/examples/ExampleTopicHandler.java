package dev.paperboy.examples;

// tag::quickstart-handler[]
import dev.paperboy.Context;
import dev.paperboy.PaperboyHandler;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Handles the records of one topic. */
public class ExampleTopicHandler extends PaperboyHandler<String, String> {
  @Override
  public String topic() {
    return "example-topic";
  }

  @Override
  public Context defineContext() {
    Context ctx = new Context();
    ctx.put("receivedAt", Instant.now());
    return ctx;
  }

  @Override
  public void onMessage(ConsumerRecord<String, String> msg, Context ctx) {
    Instant receivedAt = ctx.get("receivedAt");
    System.out.printf("Received message: [%s] %s at %s%n", msg.key(), msg.value(), receivedAt);
  }
}
// end::quickstart-handler[]
