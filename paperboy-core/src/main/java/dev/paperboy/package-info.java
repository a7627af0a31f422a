/**
 * What users of Paperboy touch: the engine ({@link dev.paperboy.PaperboyEngine}, {@link
 * dev.paperboy.EngineBuilder}), handlers ({@link dev.paperboy.PaperboyHandler}, {@link
 * dev.paperboy.PaperboyBulkHandler}, {@link dev.paperboy.TypedHandler}), options and policies
 * ({@link dev.paperboy.EngineOptions}, {@link dev.paperboy.RetryPolicy}, {@link
 * dev.paperboy.DeadLetterPolicy}) and observation ({@link dev.paperboy.PaperboyListener}, {@link
 * dev.paperboy.EngineState}, {@link dev.paperboy.ConsumptionMode}). The engine itself lives in
 * {@code dev.paperboy.internal}, which is not API.
 *
 * <h2>Nullness</h2>
 *
 * <p>Parameters and return values are non-null unless their documentation says that {@code null} is
 * allowed and what it means; this holds both for what the library takes and returns and for the
 * hooks users override. A value that may be absent is otherwise an {@link java.util.Optional}
 * ({@link dev.paperboy.PaperboyEngine#problem()}) or an empty collection. The documented exceptions
 * are:
 *
 * <ul>
 *   <li>Hooks that may return {@code null}: {@link dev.paperboy.PaperboyHandler#defineContext()}
 *       (an empty context), {@link dev.paperboy.PaperboyHandler#didReceiveMessage} and {@link
 *       dev.paperboy.PaperboyBulkHandler#didReceiveBulkMessages} (skip the record or batch), {@link
 *       dev.paperboy.PaperboyHandler#onError} and {@link
 *       dev.paperboy.PaperboyBulkHandler#onBulkError} (swallow the error).
 *   <li>Settings that take {@code null}: {@link
 *       dev.paperboy.EngineOptions.Builder#bulkModeThreshold(Long)} (no mode switching) and {@link
 *       dev.paperboy.EngineOptions.Builder#deadLetter} (no dead-letter topic), and the values of
 *       {@link dev.paperboy.Context#put}.
 *   <li>Values that may be {@code null}: {@link dev.paperboy.EngineOptions#deadLetter()}, {@link
 *       dev.paperboy.Context#get}, {@link dev.paperboy.DeadLetterPolicy#keySerializer()} and {@link
 *       dev.paperboy.DeadLetterPolicy#valueSerializer()} (the default by type), {@link
 *       dev.paperboy.PoisonPill#key()} and {@link dev.paperboy.PoisonPill#value()}, and the {@code
 *       problem} of {@link dev.paperboy.PaperboyListener#onProblem} (the last problem went away).
 * </ul>
 *
 * <p>Kafka's own types keep Kafka's rules: a record's key may be {@code null}, and a record whose
 * value is {@code null} is a tombstone ({@link dev.paperboy.PaperboyHandler#onTombstone}).
 */
package dev.paperboy;
