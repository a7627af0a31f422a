package dev.paperboy.internal;

import java.util.Base64;
import java.util.BitSet;

/**
 * The offsets a partition handled above its committed offset, carried in the commit's metadata.
 *
 * <p>Under key or unordered ordering a partition may finish records above one still in progress.
 * Kafka commits one offset per partition, the first not yet handled; the records finished above it
 * would be delivered again to whoever resumes from it. So the commit carries them along: bit {@code
 * i} of the metadata says that offset {@code committed + i} was handled, and whoever resumes from
 * that commit skips those records. That keeps the promise that a graceful stop or a rebalance
 * delivers nothing again. (Parallel Consumer's answer to the same problem is the same idea.)
 *
 * <p>The text is {@code "pb1:"} and the bits in URL-safe Base64. A set too wide for {@link
 * #MAX_BITS} is not carried (the broker's default limit for commit metadata is 4,096 characters):
 * those records are then delivered again, as they are after a crash.
 */
final class CompletedOffsets {
  /** Offsets covered at most: 16,384 bits, 2,731 characters of metadata. */
  static final int MAX_BITS = 16_384;

  private static final String PREFIX = "pb1:";

  private CompletedOffsets() {}

  /**
   * The metadata for a commit of {@code base} where {@code completed} (bit {@code i} for offset
   * {@code base + i}) were handled; empty when none is set or the set is too wide.
   */
  static String encode(BitSet completed) {
    if (completed.isEmpty() || completed.length() > MAX_BITS) {
      return "";
    }
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(completed.toByteArray());
  }

  /**
   * The completed offsets a commit's {@code metadata} carries, relative to its offset; empty for
   * metadata this engine did not write (another client's, or none).
   */
  static BitSet decode(String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return new BitSet();
    }
    try {
      return BitSet.valueOf(Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length())));
    } catch (IllegalArgumentException e) {
      return new BitSet();
    }
  }
}
