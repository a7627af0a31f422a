/**
 * Tables: key-value data read from compacted topics, restored before handlers start and kept up to
 * date while the engine runs.
 */
package dev.paperboy.table;
