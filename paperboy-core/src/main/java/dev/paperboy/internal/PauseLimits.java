package dev.paperboy.internal;

/**
 * Unfinished records and bytes per partition at which its fetching pauses; each mode has its own
 * (bulk mode lets a whole batch wait).
 *
 * @param records unfinished records of a partition that pause it
 * @param bytes their serialized bytes that pause it
 */
record PauseLimits(int records, long bytes) {}
