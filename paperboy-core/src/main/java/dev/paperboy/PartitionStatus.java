package dev.paperboy;

/**
 * One owned partition in an {@link EngineStatus}.
 *
 * @param lag the partition's high watermark minus the next offset still to be handled, or -1 while
 *     the client does not know the high watermark yet
 * @param handledOffset the offset after the last record handled in order (what a commit would
 *     carry), or -1 before the first
 * @param committedOffset the last offset the group acknowledged for this partition in this engine's
 *     ownership, or -1 before the first acknowledged commit
 * @param paused whether the engine paused fetching from it (a backed-up lane, a step holding its
 *     topic back, or a poison pill the engine stops at)
 * @param inFlight records handed to its lane and not finished yet
 */
public record PartitionStatus(
    long lag, long handledOffset, long committedOffset, boolean paused, int inFlight) {}
