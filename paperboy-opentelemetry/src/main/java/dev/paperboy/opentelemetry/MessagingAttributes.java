package dev.paperboy.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names of OpenTelemetry's messaging semantic conventions (v1.44.0, status
 * "development") that process spans carry, and Paperboy's own. Written out here rather than taken
 * from {@code opentelemetry-semconv-incubating}, which is published as an alpha and renames
 * attributes between releases: one class to change when the conventions change.
 */
final class MessagingAttributes {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> DESTINATION_NAME =
      AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<String> PARTITION_ID =
      AttributeKey.stringKey("messaging.destination.partition.id");
  static final AttributeKey<String> CONSUMER_GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  static final AttributeKey<Boolean> TOMBSTONE =
      AttributeKey.booleanKey("messaging.kafka.message.tombstone");
  static final AttributeKey<Long> BATCH_MESSAGE_COUNT =
      AttributeKey.longKey("messaging.batch.message_count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Which attempt at the record this span is, counted from 1. */
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("paperboy.attempt");

  /** Distinct producer contexts of a batch that got no link, past {@code MAX_LINKS}. */
  static final AttributeKey<Long> LINKS_DROPPED =
      AttributeKey.longKey("paperboy.batch.links_dropped");

  /** The name of the event on a failed attempt's span that the engine tries again. */
  static final String RETRY_EVENT = "paperboy.retry";

  /** How long the engine waits before the next attempt, on the retry event. */
  static final AttributeKey<Long> RETRY_BACKOFF_MS =
      AttributeKey.longKey("paperboy.retry.backoff_ms");

  static final String KAFKA = "kafka";
  static final String PROCESS = "process";

  private MessagingAttributes() {}
}
