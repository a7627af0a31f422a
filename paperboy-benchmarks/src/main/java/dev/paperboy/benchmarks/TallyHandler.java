package dev.paperboy.benchmarks;

import dev.paperboy.Context;
import dev.paperboy.PaperboyBulkHandler;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The benchmark's handler: tallies each record, one by one in single mode, per batch in bulk. */
final class TallyHandler extends PaperboyBulkHandler<byte[], byte[]> {
  private final String topic;
  private final Tally tally;

  TallyHandler(String topic, Tally tally) {
    this.topic = topic;
    this.tally = tally;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public void onMessage(ConsumerRecord<byte[], byte[]> msg, Context ctx) {
    tally.add(msg.value());
  }

  @Override
  public void onBulk(List<ConsumerRecord<byte[], byte[]>> msgs, Context ctx) {
    for (ConsumerRecord<byte[], byte[]> msg : msgs) {
      tally.add(msg.value());
    }
  }
}
