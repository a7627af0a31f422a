/**
 * Persistent table stores in RocksDB: {@link dev.paperboy.rocksdb.RocksDbStores#at} gives the
 * {@link dev.paperboy.table.TableStoreFactory} that keeps each table in a RocksDB database of its
 * own, its entries and the offsets it has read written together in one atomic write.
 */
package dev.paperboy.rocksdb;
