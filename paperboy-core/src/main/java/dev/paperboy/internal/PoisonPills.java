package dev.paperboy.internal;

import dev.paperboy.PoisonPill;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Makes a {@link PoisonPill} of the consumer's deserialization error. */
final class PoisonPills {
  private PoisonPills() {}

  static PoisonPill of(RecordDeserializationException e) {
    return PoisonPill.of(
        e.topicPartition(),
        e.offset(),
        e.timestamp(),
        bytes(e.keyBuffer()),
        bytes(e.valueBuffer()),
        e.headers() == null ? new RecordHeaders() : e.headers(),
        e);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
