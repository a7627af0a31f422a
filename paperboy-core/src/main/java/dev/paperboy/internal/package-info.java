/**
 * The engine behind {@link dev.paperboy.PaperboyEngine}. Not API: everything here may change
 * without notice. The one public type, {@link dev.paperboy.internal.PollLoop}, is the front door
 * the public package calls; see {@code THREADING.md} beside these sources for who runs what.
 */
package dev.paperboy.internal;
