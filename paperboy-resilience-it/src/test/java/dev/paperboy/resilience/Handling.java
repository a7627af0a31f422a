package dev.paperboy.resilience;

/** One handling of a record by a named engine, with the wall-clock time it was handled at. */
record Handling(String engine, RecordId record, long atMillis) {}
