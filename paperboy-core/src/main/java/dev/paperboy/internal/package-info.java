/**
 * The engine behind {@link dev.paperboy.PaperboyEngine}. Not API: everything here may change
 * without notice. Its public types are front doors for the public packages only: {@link
 * dev.paperboy.internal.PollLoop} and {@link dev.paperboy.internal.EngineSpec} for the engine,
 * {@link dev.paperboy.internal.TableRuntime}, {@link dev.paperboy.internal.TopicTable} and {@link
 * dev.paperboy.internal.ChangelogTable} for tables, {@link dev.paperboy.internal.HandlingScope} for
 * sends tied to a handling; see {@code THREADING.md} beside these sources for who runs what.
 */
package dev.paperboy.internal;
