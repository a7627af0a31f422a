package dev.paperboy.internal;

import dev.paperboy.PaperboyListener;
import dev.paperboy.PoisonPill;
import dev.paperboy.table.TableStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records a {@link TableReader} polled into store changes and applies them to its table's
 * data, one partition at a time, each with its next offset. A record the table cannot read (no key,
 * or a key or value its serdes reject) is a poison pill: logged at ERROR, reported to the listener
 * as not fatal, and skipped, while its offset still counts as applied. Used on the reader's apply
 * thread only ({@link TableApplier}).
 */
final class TableChanges {
  private static final Logger log = LoggerFactory.getLogger(TableChanges.class);

  private final TopicTable<?, ?> table;
  private final TableData data;
  private final PaperboyListener listener;

  TableChanges(TopicTable<?, ?> table, TableData data, PaperboyListener listener) {
    this.table = table;
    this.data = data;
    this.listener = listener;
  }

  /** Applies a poll's records, one partition at a time, each with its next offset. */
  void apply(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
      List<TableStore.Change> changes = new ArrayList<>(batch.size());
      for (ConsumerRecord<byte[], byte[]> record : batch) {
        if (readable(record)) {
          changes.add(new TableStore.Change(record.key(), record.value()));
        }
      }
      data.apply(tp.partition(), changes, batch.get(batch.size() - 1).offset() + 1);
    }
  }

  private boolean readable(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (record.key() == null) {
        throw new IllegalArgumentException("a table record needs a key");
      }
      table.check(record.key(), record.value());
      return true;
    } catch (RuntimeException e) {
      log.error(
          "Skipping unreadable record in table {} partition {} offset {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
      listener.onPoisonPill(
          PoisonPill.of(
              new TopicPartition(record.topic(), record.partition()),
              record.offset(),
              record.timestamp(),
              record.key(),
              record.value(),
              record.headers(),
              e),
          false);
      return false;
    }
  }
}
