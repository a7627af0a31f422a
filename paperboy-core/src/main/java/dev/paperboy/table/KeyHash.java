package dev.paperboy.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * A keyed hash of byte arrays (SipHash-1-3, as Rust's and Python's hash tables use, with a secret
 * random key per instance), so that whoever writes a table's topic cannot choose keys that all land
 * in one slot chain of a {@link SingleWriterMap}: with {@code Arrays.hashCode} such keys are
 * trivial to build ("Aa" and "BB" hash alike, and so does every string of such blocks), and each
 * would make every look-up walk all the others.
 */
final class KeyHash {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final long k0;
  private final long k1;

  /** A hash with a fresh secret key. */
  KeyHash() {
    this(RANDOM.nextLong(), RANDOM.nextLong());
  }

  KeyHash(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /** The key's hash, folded to 32 bits. */
  int of(byte[] key) {
    long hash = sipHash(k0, k1, key, 1, 3);
    return (int) (hash ^ (hash >>> 32));
  }

  /**
   * SipHash-c-d of {@code data} under the key {@code (k0, k1)} (each 8 key bytes read
   * little-endian), as specified by Aumasson and Bernstein: c rounds per 8-byte block (the last one
   * padded and carrying the length), then d rounds to finish; {@link #of} uses c = 1, d = 3.
   */
  static long sipHash(long k0, long k1, byte[] data, int c, int d) {
    long v0 = 0x736F_6D65_7073_6575L ^ k0;
    long v1 = 0x646F_7261_6E64_6F6DL ^ k1;
    long v2 = 0x6C79_6765_6E65_7261L ^ k0;
    long v3 = 0x7465_6462_7974_6573L ^ k1;
    int whole = data.length & ~7;
    for (int at = 0; ; at += 8) {
      boolean finishing = at > whole;
      long m = 0;
      if (finishing) {
        v2 ^= 0xFF;
      } else if (at < whole) {
        m = (long) LONGS.get(data, at);
      } else { // the last 0-7 bytes, with the length in the top byte
        m = (long) data.length << 56;
        for (int i = at; i < data.length; i++) {
          m |= (data[i] & 0xFFL) << (8 * (i - at));
        }
      }
      v3 ^= m;
      for (int round = finishing ? d : c; round > 0; round--) {
        v0 += v1;
        v1 = Long.rotateLeft(v1, 13) ^ v0;
        v0 = Long.rotateLeft(v0, 32);
        v2 += v3;
        v3 = Long.rotateLeft(v3, 16) ^ v2;
        v0 += v3;
        v3 = Long.rotateLeft(v3, 21) ^ v0;
        v2 += v1;
        v1 = Long.rotateLeft(v1, 17) ^ v2;
        v2 = Long.rotateLeft(v2, 32);
      }
      if (finishing) {
        return v0 ^ v1 ^ v2 ^ v3;
      }
      v0 ^= m;
    }
  }
}
