package dev.paperboy.demo;

import dev.paperboy.table.Table;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/** A table over a map, to test what reads a table without a broker, as {@link Table} allows. */
final class MapTable<K, V> implements Table<K, V> {
  private final String topic;
  private final Map<K, V> entries;

  MapTable(String topic, Map<K, V> entries) {
    this.topic = topic;
    this.entries = new TreeMap<>(entries);
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public V get(K key) {
    return entries.get(key);
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    entries.forEach(action);
  }

  @Override
  public long size() {
    return entries.size();
  }
}
