package dev.paperboy.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {
  private static final long K0 = 0x0706_0504_0302_0100L; // key bytes 00..07, little-endian
  private static final long K1 = 0x0F0E_0D0C_0B0A_0908L; // key bytes 08..0f

  /** The reference vectors of SipHash-2-4 (key 00..0f, message 00..n-1). */
  @Test
  void computesSipHashAsSpecified() {
    assertThat(KeyHash.sipHash(K0, K1, message(0), 2, 4)).isEqualTo(0x726F_DB47_DD0E_0E31L);
    assertThat(KeyHash.sipHash(K0, K1, message(1), 2, 4)).isEqualTo(0x74F8_39C5_93DC_67FDL);
    assertThat(KeyHash.sipHash(K0, K1, message(2), 2, 4)).isEqualTo(0x0D6C_8009_D9A9_4F5AL);
    assertThat(KeyHash.sipHash(K0, K1, message(8), 2, 4)).isEqualTo(0x93F5_F579_9A93_2462L);
    assertThat(KeyHash.sipHash(K0, K1, message(15), 2, 4)).isEqualTo(0xA129_CA61_49BE_45E5L);
  }

  /**
   * 4,096 keys built of "Aa" and "BB" blocks all share one {@code Arrays.hashCode}; hashed here
   * they spread as random keys would.
   */
  @Test
  void keysOfEqualArraysHashCodeSpreadOut() {
    KeyHash hash = new KeyHash();
    Set<Integer> arraysHashes = new HashSet<>();
    Set<Integer> hashes = new HashSet<>();
    for (int bits = 0; bits < 4096; bits++) {
      StringBuilder key = new StringBuilder();
      for (int block = 0; block < 12; block++) {
        key.append((bits >> block & 1) == 0 ? "Aa" : "BB");
      }
      byte[] bytes = key.toString().getBytes(StandardCharsets.UTF_8);
      arraysHashes.add(Arrays.hashCode(bytes));
      hashes.add(hash.of(bytes) & 0xFFFF); // the slot in a map of 65,536
    }

    assertThat(arraysHashes).hasSize(1);
    assertThat(hashes).hasSizeGreaterThan(3_900); // random keys: 3,969 distinct on average
  }

  @Test
  void twoMapsHashTheSameKeyDifferently() {
    byte[] key = "user-42".getBytes(StandardCharsets.UTF_8);
    Set<Integer> hashes = new HashSet<>();
    for (int i = 0; i < 8; i++) {
      hashes.add(new KeyHash().of(key));
    }

    assertThat(hashes).hasSizeGreaterThan(1);
  }

  private static byte[] message(int length) {
    byte[] message = new byte[length];
    for (int i = 0; i < length; i++) {
      message[i] = (byte) i;
    }
    return message;
  }
}
